package io.personaengine.node.cli;

import static io.personaengine.node.config.ConfigKeys.DB_URL;
import static io.personaengine.node.config.ConfigKeys.EMBEDDED_DB_DIR;
import static io.personaengine.node.config.ConfigKeys.GEMINI_API_KEY;
import static io.personaengine.node.config.ConfigKeys.GEMINI_BASE_URL;
import static io.personaengine.node.config.ConfigKeys.HTTP_PORT;
import static io.personaengine.node.config.ConfigKeys.JMX_PORT;
import static io.personaengine.node.config.ConfigKeys.GEMINI_MAX_CALLS_PER_MINUTE;
import static io.personaengine.node.config.ConfigKeys.LOG_FORMAT;
import static io.personaengine.node.config.ConfigKeys.NODE_ID;

import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.Database;
import io.personaengine.node.LogFormat;
import io.personaengine.node.PersonaNode;
import io.personaengine.node.config.Durations;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.demo.DemoForum;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.Migrations;
import io.personaengine.store.QueueStatistics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A zero-set-up tour: embedded PostgreSQL (unless DB_URL), the Gemini simulator (unless "
                + "GEMINI_API_KEY), a seeded forum, compressed delays, a live view (a table on a terminal, progress "
                + "lines otherwise; logs go to --log-file) and a summary.")
final class DemoCommand implements Callable<Integer> {

    /** Compressed timings; any of them can still be set in the environment or --config. */
    static final Map<String, String> DEMO_DEFAULTS = Map.ofEntries(
            Map.entry("SCHEDULER_INTERVAL_MS", "1000"),
            Map.entry("CLUSTER_CHECKIN_INTERVAL", "1s"),
            Map.entry("TASK_LEASE", "30s"),
            Map.entry("RETRY_BACKOFF", "2s..20s"),
            Map.entry("DELAY_COMMENT", "2s..20s"),
            Map.entry("DELAY_REPLY", "2s..15s"),
            Map.entry("DELAY_VOTE", "1s..10s"),
            Map.entry("DELAY_POST", "5s..30s"),
            Map.entry("DELAY_IMAGE_POST", "5s..40s"),
            Map.entry("PERSONA_MAX_ACTIONS_PER_HOUR", "30"),
            Map.entry("POSTS_PER_DAY", "4"),
            Map.entry("IMAGE_POST_ONE_IN_TICKS", "20"),
            Map.entry("DB_POOL_SIZE", "4"));

    /** How often the view takes a snapshot; the terminal table is redrawn each time. */
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(1);
    /** How often plain output (a pipe, CI) prints a progress line. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration NEW_POST_EVERY = Duration.ofSeconds(10);
    private static final int LATEST = 5;

    @Mixin
    ConfigOption config;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long to run, e.g. 60s or 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Nodes to run in this process, sharing one database (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--log-file", defaultValue = ".persona-engine/demo.log", paramLabel = "FILE",
            description = "Where the logs go while the demo runs, appended, in LOG_FORMAT; the console shows the "
                    + "live view (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Override
    public Integer call() throws Exception {
        Duration runFor = parseDuration();
        if (nodes < 1 || nodes > 16) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--nodes must be from 1 to 16, got " + nodes);
        }
        PrintStream out = System.out;
        NodeConfig loaded = config.load(DEMO_DEFAULTS);
        Path logs = logFile.toAbsolutePath().normalize();
        // the console is the view's: every log line, from the embedded server's start to the last
        // node's stop, goes to the file
        try (LogFormat.Redirect redirect = LogFormat.toFile(logs, loaded.get(LOG_FORMAT))) {
            out.println("Logs go to " + logs);
            GeminiSimulator simulator = null;
            if (!loaded.isSet(GEMINI_API_KEY) && !loaded.isSet(GEMINI_BASE_URL)) {
                simulator = startSimulator();
                loaded = loaded.with(Map.of(GEMINI_BASE_URL.key(), simulator.baseUrl()));
                out.println("GEMINI_API_KEY is unset: using the built-in Gemini simulator at " + simulator.baseUrl());
            }
            if (loaded.optional(DB_URL).isEmpty()) {
                out.println("DB_URL is unset: starting an embedded PostgreSQL with its data in "
                        + Path.of(loaded.get(EMBEDDED_DB_DIR)).toAbsolutePath().normalize());
            }
            try (Database database = Database.open(loaded)) {
                Migrations.migrate(database.pool());
                DSLContext dsl = DSL.using(database.pool(), SQLDialect.POSTGRES);
                DemoForum forum = new DemoForum(new ForumAdmin(dsl));
                forum.seed();
                for (int i = 0; i < 4; i++) {
                    forum.postNext();
                }
                out.println("Forum seeded: 3 boards, 5 personas; humans asked 4 questions");
                runCluster(database, new QueueStatistics(dsl), forum, runFor, out, redirect, logs);
            } finally {
                if (simulator != null) {
                    simulator.close();
                }
            }
        }
        return 0;
    }

    private Duration parseDuration() {
        try {
            return Durations.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--duration '" + duration + "': " + e.getMessage());
        }
    }

    /** A simulator with realistic latency and a little upstream trouble, so deferrals show up too. */
    private static GeminiSimulator startSimulator() {
        return GeminiSimulator.builder()
                .latency(Duration.ofMillis(150), Duration.ofMillis(900))
                .failureRate(Failure.unavailable(), 0.04)
                .failureRate(Failure.rateLimited(Duration.ofSeconds(3)), 0.03)
                .failureRate(Failure.maxTokensEmpty(), 0.02)
                .build()
                .start();
    }

    private void runCluster(Database database, QueueStatistics stats, DemoForum forum, Duration runFor,
            PrintStream out, LogFormat.Redirect logs, Path logFile) throws Exception {
        NodeConfig nodeConfig = database.nodeConfig();
        int callLimit = nodeConfig.get(GEMINI_MAX_CALLS_PER_MINUTE);
        List<PersonaNode> cluster = new ArrayList<>();
        String human = null;
        long started = 0;
        try (DemoView.Screen screen = interactive() ? new DemoView.Tty(out, width())
                : new DemoView.Plain(out, PROGRESS_EVERY)) {
            try {
                for (int i = 1; i <= nodes; i++) {
                    NodeConfig own = nodeConfig.isSet(NODE_ID) && nodes == 1 ? nodeConfig
                            : nodeConfig.with(Map.of(NODE_ID.key(), "demo-node-" + i));
                    if (i > 1 && own.optional(HTTP_PORT).isPresent()) {
                        // one port each: node i listens on HTTP_PORT + i - 1
                        own = own.with(Map.of(HTTP_PORT.key(), String.valueOf(own.get(HTTP_PORT) + i - 1)));
                    }
                    if (i > 1 && own.optional(JMX_PORT).isPresent()) {
                        // the platform MBean server is one per process: node 1's connector serves every node's MBean
                        own = own.with(Map.of(JMX_PORT.key(), ""));
                    }
                    PersonaNode node = PersonaNode.start(own);
                    cluster.add(node);
                    node.httpPort().ifPresent(port -> out.printf("%s: status page on http://localhost:%d/%n",
                            node.nodeId(), port));
                }
                started = System.nanoTime();
                out.printf("%d node(s) running for %s%n", nodes, Durations.format(runFor));
                screen.show(snapshot(stats, Duration.ZERO, runFor, callLimit, null, logs, logFile));
                long nextPost = NEW_POST_EVERY.toNanos();
                for (long elapsed = 0; elapsed < runFor.toNanos(); elapsed = System.nanoTime() - started) {
                    Thread.sleep(Math.min(REFRESH_EVERY.toMillis(),
                            Math.max(1, Duration.ofNanos(runFor.toNanos() - elapsed).toMillis())));
                    elapsed = System.nanoTime() - started;
                    if (elapsed >= nextPost) {
                        human = "posted \"" + forum.postNext() + "\"; " + forum.converse();
                        nextPost += NEW_POST_EVERY.toNanos();
                    }
                    screen.show(snapshot(stats, Duration.ofNanos(elapsed), runFor, callLimit, human, logs, logFile));
                }
            } finally {
                for (PersonaNode node : cluster) {
                    node.close();
                }
            }
            screen.finish(snapshot(stats, Duration.ofNanos(System.nanoTime() - started), runFor, callLimit, human,
                    logs, logFile));
        }
        printSummary(stats, database, out, logs, logFile);
    }

    private DemoView.Snapshot snapshot(QueueStatistics stats, Duration elapsed, Duration runFor, int callLimit,
            @Nullable String human, LogFormat.Redirect logs, Path logFile) {
        return new DemoView.Snapshot(elapsed, runFor, nodes, stats.tasksByTypeAndStatus(),
                stats.geminiCallsLastMinute(), callLimit, stats.latestPublished(LATEST), human, logs.warnings(),
                logs.errors(), logFile.toString());
    }

    /** A terminal that understands cursor movement: not a pipe or a file, not TERM=dumb. */
    private static boolean interactive() {
        return terminal(System.console()) && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * True when standard input and output are a terminal. From JDK 22 {@code System.console()} is
     * non-null for pipes too, and {@code Console.isTerminal()} tells; on 17-21 non-null means a terminal.
     */
    static boolean terminal(java.io.@Nullable Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The terminal's width when the shell exports COLUMNS; wider lines are cut by the terminal anyway. */
    private static int width() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.strip().matches("\\d{2,4}")) {
            return Integer.parseInt(columns.strip());
        }
        return 100;
    }

    private static void printSummary(QueueStatistics stats, Database database, PrintStream out,
            LogFormat.Redirect logs, Path logFile) {
        QueueStatistics.AttemptTotals attempts = stats.attempts();
        out.println();
        out.println("== summary ==");
        stats.tasksByTypeAndStatus().forEach((key, count) -> out.printf("  %-22s %d%n", key, count));
        out.printf("  persona comments and replies published: %d%n", stats.personaComments());
        out.printf("  attempts: %d on %d node(s); Gemini calls: %d; tokens in/out: %d/%d%n", attempts.attempts(),
                attempts.nodes(), attempts.geminiCalls(), attempts.promptTokens(), attempts.outputTokens());
        List<QueueStatistics.Published> latest = stats.latestPublished(LATEST);
        out.println();
        out.println("Latest published:");
        if (latest.isEmpty()) {
            out.println("  nothing yet");
        }
        latest.forEach(p -> out.println("  " + DemoView.clip(DemoView.published(p), 160)));
        out.println();
        out.printf("Logs: %s (%d warning(s), %d error(s) during the demo)%n", logFile, logs.warnings(),
                logs.errors());
        out.println();
        out.println("Read the history: ./persona-engine tasks [--status FAILED] [--type REPLY] [--json]");
        out.println("                  ./persona-engine stats");
        if (database.embedded()) {
            out.println("or with psql, once the demo runs on your own server (DB_URL=jdbc:postgresql://…); the");
            out.println("embedded server's data stays in " + database.location() + ":");
        } else {
            out.println("or with psql on " + database.location() + ":");
        }
        printQueries(out);
    }

    private static void printQueries(PrintStream out) {
        out.println("  SELECT id, task_type, status, persona_id, post_id, retry_count, result_id, error_message");
        out.println("    FROM persona_tasks ORDER BY id;");
        out.println("  SELECT task_id, node_id, outcome, gemini_calls, prompt_tokens, output_tokens, model");
        out.println("    FROM persona_task_attempts ORDER BY id;");
        out.println("  SELECT c.id, u.handle, c.body FROM comments c JOIN users u ON u.id = c.author_id");
        out.println("    WHERE c.task_id IS NOT NULL ORDER BY c.id;");
    }
}
