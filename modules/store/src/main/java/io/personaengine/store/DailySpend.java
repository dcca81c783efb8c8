package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The cluster's Gemini spend per day, against {@code BUDGET_USD_PER_DAY} and
 * {@code PERSONA_BUDGET_USD_PER_DAY}. Costs come from each attempt's usage at the prices in force
 * ({@link Spending#cost}); the task store adds them to {@code gemini_spend} in the statement that
 * closes the attempt, and claims leave out what a spent budget covers ({@link #claimFilter()}).
 *
 * <p>A day is a calendar day in Los Angeles, as Gemini's daily quotas and Google's billing count it,
 * on the database clock. A task's cost is known only once it finishes, so claims count the running
 * ones at the day's average cost per attempt ({@link #admission()}); a budget is overshot by about
 * the last task's cost.
 */
public final class DailySpend {

    /** Today in the budgets' time zone, on the database clock, as SQL. */
    static final String TODAY = "(statement_timestamp() AT TIME ZONE '" + JooqCallLedger.QUOTA_ZONE + "')::date";

    private final DSLContext dsl;
    private final Supplier<Spending> spending;

    /** @param spending the prices and budgets in force, asked at each use (an operator may change them) */
    public DailySpend(DSLContext dsl, Supplier<Spending> spending) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.spending = requireNonNull(spending, "spending");
    }

    /** No prices, no budgets. */
    public static DailySpend none(DSLContext dsl) {
        return new DailySpend(dsl, () -> Spending.NONE);
    }

    /** What {@code usage} cost at the prices in force; null while no price is set. */
    public @Nullable BigDecimal cost(Usage usage) {
        return spending.get().cost(usage);
    }

    /**
     * Conditions on a claim's candidate tasks {@code t}, each starting with {@code AND}: not a
     * persona that spent its budget today, nothing once the cluster spent its budget. Empty without
     * budgets. The budgets are embedded as literals, so the text changes when they do.
     */
    public String claimFilter() {
        Spending now = spending.get();
        StringBuilder filter = new StringBuilder();
        if (now.personaBudgetPerDay() != null) {
            filter.append("\n        AND t.persona_id NOT IN (SELECT s.persona_id FROM gemini_spend s WHERE s.day = ")
                    .append(TODAY).append(" AND s.spent_usd >= ").append(now.personaBudgetPerDay().toPlainString())
                    .append(")");
        }
        if (now.budgetPerDay() != null) {
            filter.append("\n        AND (SELECT coalesce(sum(s.spent_usd), 0) FROM gemini_spend s WHERE s.day = ")
                    .append(TODAY).append(") < ").append(now.budgetPerDay().toPlainString());
        }
        return filter.toString();
    }

    /**
     * Whether the daily budgets have room for a picked task {@code p} (columns {@code persona_id},
     * {@code nth} within its persona, {@code rank} within the batch) of a persona with {@code l.running}
     * tasks running, as an SQL boolean. Tasks whose cost is not known yet count at the day's average
     * cost per attempt: a task is admitted while what was spent plus the running tasks and the ones
     * admitted before it stays under the budget, so a budget is overshot by about one task, not by a
     * whole batch. Before the day's first cost is known, one task runs at a time per budget.
     * {@code true} without budgets, and without prices (nothing is ever spent, so nothing to wait for).
     */
    public String admission() {
        Spending now = spending.get();
        if (!now.budgeted() || !now.priced()) {
            return "true";
        }
        String perAttempt = "(SELECT coalesce(sum(s.spent_usd) / nullif(sum(s.attempts), 0), 0) FROM gemini_spend s "
                + "WHERE s.day = " + TODAY + ")";
        StringBuilder admit = new StringBuilder("(true");
        if (now.personaBudgetPerDay() != null) {
            admit.append(" AND CASE WHEN ").append(perAttempt).append(" = 0 THEN l.running + p.nth <= 1 ELSE coalesce(")
                    .append("(SELECT s.spent_usd FROM gemini_spend s WHERE s.day = ").append(TODAY)
                    .append(" AND s.persona_id = p.persona_id), 0) + (l.running + p.nth - 1) * ").append(perAttempt)
                    .append(" < ").append(now.personaBudgetPerDay().toPlainString()).append(" END");
        }
        if (now.budgetPerDay() != null) {
            String running = "(SELECT count(*) FROM persona_tasks r WHERE r.status = 'RUNNING')";
            admit.append(" AND CASE WHEN ").append(perAttempt).append(" = 0 THEN ").append(running)
                    .append(" + p.rank <= 1 ELSE (SELECT coalesce(sum(s.spent_usd), 0) FROM gemini_spend s WHERE s.day = ")
                    .append(TODAY).append(") + (").append(running).append(" + p.rank - 1) * ").append(perAttempt)
                    .append(" < ").append(now.budgetPerDay().toPlainString()).append(" END");
        }
        return admit.append(")").toString();
    }

    /** One persona's spend of a day. */
    public record PersonaSpend(long personaId, String name, BigDecimal spent, int attempts) {}

    /**
     * Today's spend.
     *
     * @param spent the cluster's, all personas together
     * @param spentPersonas the personas at or over their budget, most spent first
     * @param top the personas that spent most today, at most 5
     * @param dayEndsIn until midnight in Los Angeles, when spent budgets open again
     */
    public record Report(LocalDate day, BigDecimal spent, Spending spending, List<PersonaSpend> spentPersonas,
            List<PersonaSpend> top, Duration dayEndsIn) {

        /** True when the cluster's budget is spent: no claims until the next day. */
        public boolean clusterSpent() {
            return spending.budgetPerDay() != null && spent.compareTo(spending.budgetPerDay()) >= 0;
        }
    }

    /** Today's spend against the budgets in force; three small reads. */
    public Report today() {
        Spending now = spending.get();
        Field<OffsetDateTime> clock = DSL.field("statement_timestamp()", OffsetDateTime.class);
        var head = dsl.select(DSL.field(TODAY, LocalDate.class),
                        DSL.field("(SELECT coalesce(sum(s.spent_usd), 0) FROM gemini_spend s WHERE s.day = " + TODAY + ")",
                                BigDecimal.class),
                        clock, JooqCallLedger.nextMidnight(clock, ZoneId.of(JooqCallLedger.QUOTA_ZONE)))
                .fetchSingle();
        List<PersonaSpend> spent = now.personaBudgetPerDay() == null ? List.of() : personas(
                "AND s.spent_usd >= ?", 1_000, now.personaBudgetPerDay());
        return new Report(head.value1(), head.value2(), now, spent, personas("", 5),
                Duration.between(head.value3(), head.value4()));
    }

    private List<PersonaSpend> personas(String condition, int limit, Object... parameters) {
        Object[] all = new Object[parameters.length + 1];
        System.arraycopy(parameters, 0, all, 0, parameters.length);
        all[parameters.length] = limit;
        return dsl.fetch("""
                SELECT s.persona_id, p.display_name, s.spent_usd, s.attempts
                FROM gemini_spend s JOIN personas p ON p.id = s.persona_id
                WHERE s.day = %s %s ORDER BY s.spent_usd DESC, s.persona_id LIMIT ?""".formatted(TODAY, condition), all)
                .map(r -> new PersonaSpend(r.get(0, Long.class), r.get(1, String.class), r.get(2, BigDecimal.class),
                        r.get(3, Integer.class)));
    }
}
