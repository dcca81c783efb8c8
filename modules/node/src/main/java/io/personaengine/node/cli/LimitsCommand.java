package io.personaengine.node.cli;

import io.personaengine.node.Database;
import io.personaengine.store.GeminiLimits;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "limits", mixinStandardHelpOptions = true,
        description = {"The cluster's Gemini limits, prices and daily budgets, kept in the database: each rate limit "
                + "applies to each model on its own.",
            "The first node to start seeds them from its configuration; after that the database's values win "
                + "over every node's configuration."},
        subcommands = LimitsCommand.Set.class)
final class LimitsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        try (Database database = Database.open(config.load())) {
            List<GeminiLimits.Row> rows = new GeminiLimits(DSL.using(database.pool(), SQLDialect.POSTGRES)).rows();
            PrintStream out = System.out;
            if (rows.isEmpty()) {
                out.println("no limits yet: the first node to start seeds them from its configuration");
            }
            for (GeminiLimits.Row row : rows) {
                out.printf("%-36s %-12s set %s by %s%n", row.key(), text(row.value(), true),
                        row.setAt().truncatedTo(ChronoUnit.SECONDS), row.setBy());
            }
            out.flush();
        }
        return 0;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Changes limits for the whole cluster; every node applies them within a heartbeat.",
                "VALUE is a whole number from 1 for the GEMINI_MAX_* keys, US dollars above 0 for the *BUDGET_USD_PER_DAY "
                    + "keys, US dollars from 0 for the GEMINI_PRICE_* keys, or none for no limit (not for "
                    + "GEMINI_MAX_CALLS_PER_MINUTE)."},
            footer = {"Examples:", "  limits set GEMINI_MAX_CALLS_PER_MINUTE=300",
                "  limits set GEMINI_MAX_TOKENS_PER_MINUTE=250000 GEMINI_MAX_CALLS_PER_DAY=none",
                "  limits set GEMINI_PRICE_INPUT_PER_M=0.10 GEMINI_PRICE_OUTPUT_PER_M=0.40 BUDGET_USD_PER_DAY=20"})
    static final class Set implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "The limits to change.")
        List<String> assignments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Map<GeminiLimits.Key, @Nullable BigDecimal> changes = parse();
            try (Database database = Database.open(config.load())) {
                GeminiLimits limits = new GeminiLimits(DSL.using(database.pool(), SQLDialect.POSTGRES));
                Map<GeminiLimits.Key, @Nullable BigDecimal> before = new LinkedHashMap<>();
                limits.rows().forEach(row -> before.put(row.key(), row.value()));
                for (var change : changes.entrySet()) {
                    limits.set(change.getKey(), change.getValue(), Operator.who());
                    System.out.println(change.getKey() + ": " + text(before.get(change.getKey()),
                            before.containsKey(change.getKey())) + " -> " + text(change.getValue(), true)
                            + " (every node applies it within a heartbeat)");
                }
                limits.read().map(GeminiLimits.Values::spending)
                        .filter(spending -> spending.budgeted() && !spending.priced())
                        .ifPresent(spending -> System.err.println("warning: a daily budget is set but no "
                                + "GEMINI_PRICE_* key is: calls cost nothing, so no budget is ever spent"));
                System.out.flush();
            }
            return 0;
        }

        private Map<GeminiLimits.Key, @Nullable BigDecimal> parse() {
            Map<GeminiLimits.Key, @Nullable BigDecimal> changes = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq < 1) {
                    throw new ParameterException(spec.commandLine(), "'" + assignment + "' is not KEY=VALUE");
                }
                try {
                    GeminiLimits.Key key = GeminiLimits.Key.parse(assignment.substring(0, eq));
                    changes.put(key, key.parseValue(assignment.substring(eq + 1)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            return changes;
        }
    }

    private static String text(@Nullable BigDecimal value, boolean present) {
        return !present ? "(not set yet)" : value == null ? "none" : value.toPlainString();
    }
}
