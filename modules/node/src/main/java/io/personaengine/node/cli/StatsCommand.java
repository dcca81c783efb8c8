package io.personaengine.node.cli;

import static io.personaengine.node.BudgetWatch.usd;
import static io.personaengine.node.config.ConfigKeys.GEMINI_IMAGE_MODEL;
import static io.personaengine.node.config.ConfigKeys.GEMINI_MAX_CALLS_PER_MINUTE;
import static io.personaengine.node.config.ConfigKeys.GEMINI_MODEL;
import static io.personaengine.node.config.ConfigKeys.NODE_TIMEOUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.personaengine.node.BudgetWatch;
import io.personaengine.node.Database;
import io.personaengine.node.config.Durations;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.PersonaNode;
import io.personaengine.store.DailySpend;
import io.personaengine.store.GeminiLimits;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.OperatorPauses;
import io.personaengine.store.QueueStatistics;
import io.personaengine.store.Spending;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "The cluster at a glance: nodes and their check-ins, queue by type and status, lag of the oldest due task, "
                + "Gemini calls in the last minute against the limit, paused models, active pauses, today's spend against the "
                + "daily budgets, failures by reason (24 h).")
final class StatsCommand implements Callable<Integer> {

    private static final Duration FAILURE_WINDOW = Duration.ofHours(24);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeConfig loaded = config.load();
        try (Database database = Database.open(loaded)) {
            QueueStatistics stats = new QueueStatistics(DSL.using(database.pool(), SQLDialect.POSTGRES));
            // the cluster's limit (in the database) once a node seeded it; this configuration's before
            long limit = new GeminiLimits(DSL.using(database.pool(), SQLDialect.POSTGRES)).read()
                    .map(GeminiLimits.Values::callsPerMinute).orElse((long) loaded.get(GEMINI_MAX_CALLS_PER_MINUTE));
            Map<String, Object> figures = figures(stats, limit, loaded.get(NODE_TIMEOUT));
            figures.put("gemini_use_by_model", geminiUse(DSL.using(database.pool(), SQLDialect.POSTGRES), loaded));
            figures.put("pauses", pauses(new OperatorPauses(DSL.using(database.pool(), SQLDialect.POSTGRES))));
            figures.put("gemini_spend_today", spend(DSL.using(database.pool(), SQLDialect.POSTGRES), loaded));
            print(figures, System.out);
        }
        return 0;
    }

    private static Map<String, Object> figures(QueueStatistics stats, long limit, Duration nodeTimeout) {
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        stats.liveNodes().forEach(n -> nodes.put(n.nodeId(), "heartbeat " + Durations.format(
                Duration.ofSeconds(n.sinceHeartbeat().toSeconds())) + " ago"
                + (n.sinceHeartbeat().compareTo(nodeTimeout) > 0 ? ", silent past NODE_TIMEOUT: its tasks are handed back"
                        : "")));
        f.put("nodes", nodes);
        f.put("tasks_by_type_and_status", stats.tasksByTypeAndStatus());
        f.put("oldest_due_lag", stats.oldestDueLag().map(d -> Durations.format(Duration.ofSeconds(d.toSeconds())))
                .orElse("none due"));
        f.put("gemini_calls_last_minute", stats.geminiCallsLastMinute());
        f.put("gemini_max_calls_per_minute", limit);
        Map<String, String> paused = new LinkedHashMap<>();
        stats.pausedModels().forEach((model, pause) -> paused.put(model, Durations.format(
                Duration.ofSeconds(Math.max(1, pause.left().toSeconds()))) + " left: " + pause.reason()));
        f.put("paused_models", paused);
        f.put("failures_last_24h_by_reason", stats.failuresByReason(FAILURE_WINDOW));
        return f;
    }

    /**
     * Each model's use of every limit now, against the cluster's limits (the database's; this
     * configuration's before any node seeded them).
     */
    private static Map<String, String> geminiUse(DSLContext dsl, NodeConfig config) {
        GeminiLimits.Values limits = new GeminiLimits(dsl).read().orElse(PersonaNode.configuredLimits(config));
        String imageModel = config.get(GEMINI_IMAGE_MODEL);
        JooqCallLedger ledger = new JooqCallLedger(dsl, "stats", () -> limits, imageModel, JooqCallLedger.MINUTE);
        java.util.Set<String> models = new java.util.TreeSet<>(List.of(config.get(GEMINI_MODEL), imageModel));
        dsl.fetch("SELECT scope FROM gemini_budget").forEach(r -> models.add(r.get(0, String.class)));
        Map<String, String> use = new LinkedHashMap<>();
        for (String model : models) {
            GeminiLimits.ModelLimits limit = limits.forModel(model.equals(imageModel));
            JooqCallLedger.ModelUsage now = ledger.usage(model);
            String lowered = now.loweredCalls() == null ? ""
                    : " (lowered to " + now.loweredCalls() + " after Gemini answered 429; a step back up each minute)";
            use.put(model, "calls " + now.calls() + "/" + limit.calls() + " a minute" + lowered + ", input tokens "
                    + now.inputTokens()
                    + "/" + (limit.tokens() == null ? "no limit" : limit.tokens()) + " a minute, calls today "
                    + now.callsToday() + "/" + (limit.callsPerDay() == null ? "no limit" : limit.callsPerDay()));
        }
        return use;
    }

    /**
     * Today's spend (Los Angeles day) against the daily budgets, and who waits for the next day
     * because a budget is spent.
     */
    private static Map<String, String> spend(DSLContext dsl, NodeConfig config) {
        Spending spending = new GeminiLimits(dsl).read().orElse(PersonaNode.configuredLimits(config)).spending();
        DailySpend.Report today = new DailySpend(dsl, () -> spending).today();
        Map<String, String> f = new LinkedHashMap<>();
        String until = BudgetWatch.untilMidnight(today.dayEndsIn());
        f.put("day", today.day() + " (Los Angeles)");
        f.put("prices", !spending.priced() ? "none set (GEMINI_PRICE_*): calls are not costed and no budget is spent"
                : "input " + usd(spending.inputPerMillion()) + "/M tokens, output " + usd(spending.outputPerMillion())
                        + "/M tokens, image " + usd(spending.perImage()));
        f.put("cluster", usd(today.spent()) + (spending.budgetPerDay() == null ? " (no BUDGET_USD_PER_DAY)"
                : " of BUDGET_USD_PER_DAY " + usd(spending.budgetPerDay()))
                + (today.clusterSpent() ? " - SPENT: no task is claimed; " + until : ""));
        f.put("per persona budget", spending.personaBudgetPerDay() == null ? "none (PERSONA_BUDGET_USD_PER_DAY)"
                : "PERSONA_BUDGET_USD_PER_DAY " + usd(spending.personaBudgetPerDay()));
        for (DailySpend.PersonaSpend persona : today.spentPersonas()) {
            f.put("persona " + persona.personaId() + " (" + persona.name() + ")", usd(persona.spent())
                    + " in " + persona.attempts() + " attempts - SPENT: its tasks wait " + until);
        }
        for (DailySpend.PersonaSpend persona : today.top()) {
            f.putIfAbsent("persona " + persona.personaId() + " (" + persona.name() + ")", usd(persona.spent())
                    + " in " + persona.attempts() + " attempts");
        }
        return f;
    }

    /** Active operator pauses, as {@code pause}/{@code resume} name them. */
    private static Map<String, String> pauses(OperatorPauses pauses) {
        Map<String, String> active = new LinkedHashMap<>();
        pauses.active().forEach(p -> active.put(p.describe(), p.since() == null
                ? "paused (Quartz job pause)" : "paused since " + p.since().truncatedTo(ChronoUnit.SECONDS) + " by " + p.by()));
        return active;
    }

    private void print(Map<String, Object> figures, PrintStream out) throws Exception {
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
        } else {
            figures.forEach((key, value) -> {
                if (value instanceof Map<?, ?> map) {
                    out.println(key.replace('_', ' ') + ":" + (map.isEmpty() ? " none" : ""));
                    map.forEach((k, v) -> out.println("  " + k + ": " + v));
                } else {
                    out.println(key.replace('_', ' ') + ": " + value);
                }
            });
        }
        out.flush();
    }
}
