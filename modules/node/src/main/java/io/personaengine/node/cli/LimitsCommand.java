package io.personaengine.node.cli;

import io.personaengine.node.Database;
import io.personaengine.store.GeminiLimits;
import java.io.PrintStream;
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
        description = {"The cluster's Gemini limits, kept in the database: each applies to each model on its own.",
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
                out.printf("%-36s %-12s set %s by %s%n", row.key(), row.value() == null ? "none" : row.value(),
                        row.setAt().truncatedTo(ChronoUnit.SECONDS), row.setBy());
            }
            out.flush();
        }
        return 0;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Changes limits for the whole cluster; every node applies them within a heartbeat.",
                "VALUE is a positive whole number, or none for no limit (not for GEMINI_MAX_CALLS_PER_MINUTE)."},
            footer = {"Examples:", "  limits set GEMINI_MAX_CALLS_PER_MINUTE=300",
                "  limits set GEMINI_MAX_TOKENS_PER_MINUTE=250000 GEMINI_MAX_CALLS_PER_DAY=none"})
    static final class Set implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "The limits to change.")
        List<String> assignments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Map<GeminiLimits.Key, @Nullable Long> changes = parse();
            try (Database database = Database.open(config.load())) {
                GeminiLimits limits = new GeminiLimits(DSL.using(database.pool(), SQLDialect.POSTGRES));
                Map<GeminiLimits.Key, @Nullable Long> before = new LinkedHashMap<>();
                limits.rows().forEach(row -> before.put(row.key(), row.value()));
                for (var change : changes.entrySet()) {
                    limits.set(change.getKey(), change.getValue(), Operator.who());
                    System.out.println(change.getKey() + ": " + text(before.get(change.getKey()),
                            before.containsKey(change.getKey())) + " -> " + text(change.getValue(), true)
                            + " (every node applies it within a heartbeat)");
                }
                System.out.flush();
            }
            return 0;
        }

        private Map<GeminiLimits.Key, @Nullable Long> parse() {
            Map<GeminiLimits.Key, @Nullable Long> changes = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq < 1) {
                    throw new ParameterException(spec.commandLine(), "'" + assignment + "' is not KEY=VALUE");
                }
                GeminiLimits.Key key;
                try {
                    key = GeminiLimits.Key.parse(assignment.substring(0, eq));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                String value = assignment.substring(eq + 1).strip();
                Long parsed = null;
                if (!value.equalsIgnoreCase("none")) {
                    try {
                        parsed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        parsed = -1L;
                    }
                    if (parsed < 1 || parsed > 2_000_000_000L) {
                        throw new ParameterException(spec.commandLine(), key + "=" + value
                                + ": expected a whole number from 1 to 2000000000, or none");
                    }
                } else if (key == GeminiLimits.Key.GEMINI_MAX_CALLS_PER_MINUTE) {
                    throw new ParameterException(spec.commandLine(), key + " cannot be none: the cluster always has "
                            + "a call limit");
                }
                changes.put(key, parsed);
            }
            return changes;
        }

        private static String text(@Nullable Long value, boolean present) {
            return !present ? "(not set yet)" : value == null ? "none" : value.toString();
        }
    }
}
