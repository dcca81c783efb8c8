package io.personaengine.node;

import static java.util.Objects.requireNonNull;

import io.personaengine.store.DailySpend;
import io.personaengine.store.Spending;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the day's Gemini spend with each heartbeat, for the metrics, and says in the log when a daily
 * budget is spent (once a day per node and scope) and when a new day opens it again. The budgets
 * themselves are enforced by the claims; this only reports. Called from the heartbeat thread only.
 */
public final class BudgetWatch {

    private static final Logger log = LoggerFactory.getLogger(BudgetWatch.class);

    private final DailySpend spend;
    private final Supplier<Spending> spending;
    private volatile DailySpend.@Nullable Report last;
    private @Nullable LocalDate day;
    private boolean clusterSpent;
    private final Set<Long> spentPersonas = new HashSet<>();

    BudgetWatch(DailySpend spend, Supplier<Spending> spending) {
        this.spend = requireNonNull(spend, "spend");
        this.spending = requireNonNull(spending, "spending");
    }

    /** The latest read; null before the first, and while no price or budget is set. */
    public DailySpend.@Nullable Report last() {
        return last;
    }

    /** Reads the spend and logs what changed; skipped while no price or budget is set. */
    void check() {
        Spending now = spending.get();
        if (!now.priced() && !now.budgeted()) {
            last = null;
            return;
        }
        DailySpend.Report report;
        try {
            report = spend.today();
        } catch (RuntimeException e) {
            // reports only: the heartbeat that calls this must go on to rescue
            log.debug("could not read the day's Gemini spend; keeping the last read", e);
            return;
        }
        last = report;
        if (!report.day().equals(day)) {
            if (day != null && (clusterSpent || !spentPersonas.isEmpty())) {
                log.info("a new day began in Los Angeles ({}): the daily Gemini budgets are open again", report.day());
            }
            day = report.day();
            clusterSpent = false;
            spentPersonas.clear();
        }
        String until = untilMidnight(report.dayEndsIn());
        if (report.clusterSpent() && !clusterSpent) {
            log.warn("the cluster spent {} on Gemini today, its BUDGET_USD_PER_DAY is {}: no task is claimed {}",
                    usd(report.spent()), usd(now.budgetPerDay()), until);
        }
        clusterSpent = report.clusterSpent();
        for (DailySpend.PersonaSpend persona : report.spentPersonas()) {
            if (spentPersonas.add(persona.personaId())) {
                log.warn("persona {} ({}) spent {} on Gemini today, its PERSONA_BUDGET_USD_PER_DAY is {}: its tasks "
                        + "wait {}", persona.personaId(), persona.name(), usd(persona.spent()),
                        usd(now.personaBudgetPerDay()), until);
            }
        }
    }

    /** {@code until midnight in Los Angeles, in 5 h 03 min}. */
    public static String untilMidnight(Duration left) {
        long minutes = Math.max(1, left.toMinutes());
        return "until midnight in Los Angeles, in " + (minutes >= 60 ? minutes / 60 + " h " : "")
                + String.format(java.util.Locale.ROOT, minutes >= 60 ? "%02d min" : "%d min", minutes % 60);
    }

    /** Dollars as operators read them: {@code $0.0123}. */
    public static String usd(@Nullable BigDecimal amount) {
        return amount == null ? "none" : "$" + amount.stripTrailingZeros().toPlainString();
    }
}
