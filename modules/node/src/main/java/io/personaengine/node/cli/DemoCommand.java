package io.personaengine.node.cli;

import static io.personaengine.node.config.ConfigKeys.GEMINI_API_KEY;
import static io.personaengine.node.config.ConfigKeys.GEMINI_BASE_URL;
import static io.personaengine.node.config.ConfigKeys.HTTP_PORT;
import static io.personaengine.node.config.ConfigKeys.NODE_ID;

import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.Database;
import io.personaengine.node.PersonaNode;
import io.personaengine.node.config.Durations;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.demo.DemoForum;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.Migrations;
import io.personaengine.store.QueueStatistics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A zero-set-up tour: embedded PostgreSQL (unless DB_URL), the Gemini simulator (unless "
                + "GEMINI_API_KEY), a seeded forum, compressed delays, live progress and a summary.")
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

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    private static final Duration NEW_POST_EVERY = Duration.ofSeconds(10);

    @Mixin
    ConfigOption config;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long to run, e.g. 60s or 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Nodes to run in this process, sharing one database (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Override
    public Integer call() throws Exception {
        Duration runFor = parseDuration();
        if (nodes < 1 || nodes > 16) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--nodes must be from 1 to 16, got " + nodes);
        }
        PrintStream out = System.out;
        NodeConfig loaded = config.load(DEMO_DEFAULTS);
        GeminiSimulator simulator = null;
        if (!loaded.isSet(GEMINI_API_KEY) && !loaded.isSet(GEMINI_BASE_URL)) {
            simulator = startSimulator();
            loaded = loaded.with(Map.of(GEMINI_BASE_URL.key(), simulator.baseUrl()));
            out.println("GEMINI_API_KEY is unset: using the built-in Gemini simulator at " + simulator.baseUrl());
        }
        try (Database database = Database.open(loaded)) {
            Migrations.migrate(database.pool());
            DSLContext dsl = DSL.using(database.pool(), SQLDialect.POSTGRES);
            DemoForum forum = new DemoForum(new ForumAdmin(dsl));
            forum.seed();
            for (int i = 0; i < 4; i++) {
                out.println("human posts: " + forum.postNext());
            }
            runCluster(database, new QueueStatistics(dsl), forum, runFor, out);
        } finally {
            if (simulator != null) {
                simulator.close();
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
            PrintStream out) throws Exception {
        NodeConfig nodeConfig = database.nodeConfig();
        List<PersonaNode> cluster = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 1; i <= nodes; i++) {
                NodeConfig own = nodeConfig.isSet(NODE_ID) && nodes == 1 ? nodeConfig
                        : nodeConfig.with(Map.of(NODE_ID.key(), "demo-node-" + i));
                if (i > 1 && own.optional(HTTP_PORT).isPresent()) {
                    // one port each: node i listens on HTTP_PORT + i - 1
                    own = own.with(Map.of(HTTP_PORT.key(), String.valueOf(own.get(HTTP_PORT) + i - 1)));
                }
                PersonaNode node = PersonaNode.start(own);
                cluster.add(node);
                node.httpPort().ifPresent(port -> out.printf("%s: status page on http://localhost:%d/%n",
                        node.nodeId(), port));
            }
            out.printf("%d node(s) running for %s; tasks by status every %ds%n", nodes, Durations.format(runFor),
                    PROGRESS_EVERY.toSeconds());
            long nextPost = NEW_POST_EVERY.toNanos();
            while (System.nanoTime() - started < runFor.toNanos()) {
                Thread.sleep(PROGRESS_EVERY.toMillis());
                long elapsed = System.nanoTime() - started;
                if (elapsed >= nextPost) {
                    out.println("human posts: " + forum.postNext());
                    out.println("human comment: " + forum.converse());
                    nextPost += NEW_POST_EVERY.toNanos();
                }
                out.printf("[%3ds] tasks %s | done by type %s%n", Duration.ofNanos(elapsed).toSeconds(),
                        stats.tasksByStatus(), stats.doneByType());
            }
        } finally {
            for (PersonaNode node : cluster) {
                node.close();
            }
        }
        printSummary(stats, database, out);
    }

    private static void printSummary(QueueStatistics stats, Database database, PrintStream out) {
        QueueStatistics.AttemptTotals attempts = stats.attempts();
        out.println();
        out.println("== summary ==");
        stats.tasksByTypeAndStatus().forEach((key, count) -> out.printf("  %-22s %d%n", key, count));
        out.printf("  persona comments and replies published: %d%n", stats.personaComments());
        out.printf("  attempts: %d on %d node(s); Gemini calls: %d; tokens in/out: %d/%d%n", attempts.attempts(),
                attempts.nodes(), attempts.geminiCalls(), attempts.promptTokens(), attempts.outputTokens());
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
