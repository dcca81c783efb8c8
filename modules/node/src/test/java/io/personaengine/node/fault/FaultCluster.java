package io.personaengine.node.fault;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.node.bench.Stats;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A cluster under test: a fresh database on the local PostgreSQL server, a seeded forum, the
 * Gemini simulator in this JVM, and node processes from the built jar. Load is a stream of COMMENT
 * and VOTE tasks falling due at a steady rate, so throughput before and during a fault compare.
 */
final class FaultCluster implements AutoCloseable {

    static final String SERVER = System.getProperty("fault.db.server", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = System.getProperty("fault.db.user", "postgres");
    static final Path JAR = Path.of(System.getProperty("persona.jar", "target/persona-engine.jar"));
    static final int PERSONA_LIMIT = 6;
    static final int CALL_LIMIT = 600;
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final String database;
    private final HikariDataSource pool;
    final DSLContext dsl;
    final GeminiSimulator simulator;
    private final Path logs;
    private final Map<String, String> environment;
    final List<NodeProcess> nodes = new ArrayList<>();
    private int tasks;

    private FaultCluster(String database, HikariDataSource pool, GeminiSimulator simulator, Path logs,
            Map<String, String> environment) {
        this.database = database;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
        this.simulator = simulator;
        this.logs = logs;
        this.environment = environment;
    }

    static FaultCluster create(String scenario, String... overrides) throws Exception {
        String database = "fault_" + scenario;
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
        DatabaseConfig config = new DatabaseConfig(SERVER + database, USER, "", 4);
        HikariDataSource pool = ConnectionPool.open(config, "fault-" + scenario);
        Migrations.migrate(pool);
        GeminiSimulator simulator = GeminiSimulator.builder()
                .latency(Duration.ofMillis(800), Duration.ofMillis(1600))
                .threads(64)
                .build()
                .start();
        Map<String, String> environment = new HashMap<>(Map.ofEntries(
                Map.entry("DB_URL", config.jdbcUrl()),
                Map.entry("DB_USER", USER),
                Map.entry("DB_POOL_SIZE", "6"),
                Map.entry("GEMINI_BASE_URL", simulator.baseUrl()),
                Map.entry("SCHEDULER_INTERVAL_MS", "2000"),
                Map.entry("CLUSTER_CHECKIN_INTERVAL", "1s"),
                Map.entry("HEARTBEAT_INTERVAL", HEARTBEAT.toMillis() + "ms"),
                Map.entry("NODE_TIMEOUT", NODE_TIMEOUT.toSeconds() + "s"),
                Map.entry("TASK_LEASE", "30s"),
                Map.entry("SHUTDOWN_GRACE", "5s"),
                Map.entry("MAX_CONCURRENT_TASKS", "4"),
                Map.entry("MAX_RETRIES", "3"),
                Map.entry("RETRY_BACKOFF", "2s..10s"),
                Map.entry("GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(CALL_LIMIT)),
                Map.entry("PERSONA_MAX_ACTIONS_PER_HOUR", String.valueOf(PERSONA_LIMIT)),
                Map.entry("POSTS_PER_DAY", "0"),
                Map.entry("IMAGE_POST_ONE_IN_TICKS", "0")));
        for (int i = 0; i < overrides.length; i += 2) {
            environment.put(overrides[i], overrides[i + 1]);
        }
        Path logs = Files.createDirectories(Path.of("target", "fault-logs", scenario));
        return new FaultCluster(database, pool, simulator, logs, environment);
    }

    /** Starts {@code count} nodes, the first with {@code firstClockOffset} (null: the real clock). */
    void startNodes(int count, String firstClockOffset) throws IOException {
        for (int i = 1; i <= count; i++) {
            nodes.add(NodeProcess.start(JAR, "node-" + i, environment, i == 1 ? firstClockOffset : null, logs));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                dsl.fetchCount(DSL.table("engine_nodes"), DSL.field("heartbeat_at").gt(DSL.field("now() - interval '3 seconds'",
                        OffsetDateTime.class))) == count);
    }

    NodeProcess node(int number) {
        return nodes.get(number - 1);
    }

    /** Waits until node {@code number} holds running tasks, so a fault catches it mid-batch. */
    NodeProcess busy(int number) {
        NodeProcess node = node(number);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> dsl.fetchCount(
                DSL.table("persona_tasks"), DSL.field("status").eq("RUNNING").and(DSL.field("claimed_by")
                        .eq(node.nodeId()))) > 0);
        return node;
    }

    /**
     * Queues {@code count} tasks (three COMMENTs to one VOTE) falling due evenly over {@code span}
     * from now, each persona with at most two, so no persona limit is near.
     */
    void queueLoad(int count, Duration span) {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        List<Long> posts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            posts.add(forum.post(board, maria, "Question " + i, "What do you think about pans?", List.of("cooking")));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'"); // nothing for the picker
        List<Long> personas = new ArrayList<>();
        for (int i = 0; i < (count + 1) / 2; i++) {
            personas.add(forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), false));
        }
        for (int i = 0; i < count; i++) {
            long persona = personas.get(i / 2);
            long post = posts.get(i % 2);
            String type = i % 4 == 3 ? "VOTE" : "COMMENT";
            dsl.execute("""
                    INSERT INTO persona_tasks (persona_id, task_type, post_id, target_key, scheduled_at, max_retries)
                    VALUES (?, ?, ?, ?, now() + ? * interval '1 millisecond', 3)""",
                    persona, type, post, post, span.toMillis() * i / count);
        }
        tasks = count;
    }

    /** Waits until every task is DONE or FAILED, or the deadline passes. */
    void drain(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .until(() -> dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").in("PENDING", "RUNNING")) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported as lost tasks
        }
    }

    Instant databaseNow() {
        return dsl.fetchSingle("SELECT now()").get(0, OffsetDateTime.class).toInstant();
    }

    /** Restarts the local PostgreSQL cluster, as an operator or a crash-and-restart would. */
    static void restartPostgres() throws IOException, InterruptedException {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
                .inheritIO().start();
        if (restart.waitFor() != 0) {
            throw new IOException("pg_ctlcluster restart failed");
        }
    }

    static boolean serverAnswers() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            return admin.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean canRestartPostgres() {
        return Files.isDirectory(Path.of("/etc/postgresql")) && SERVER.contains("127.0.0.1")
                && "root".equals(System.getProperty("user.name"));
    }

    /** What the scenario did to the guarantees, measured on the database and at the simulator. */
    /**
     * @param before how long the load ran before the fault: throughput is compared over that window
     * @param during how long the fault lasted, or the window after an instant fault
     */
    FaultReport report(String scenario, String victim, Instant faultAt, Duration before, Duration during) {
        Map<String, Object> figures = new HashMap<>();
        var row = dsl.fetchSingle("""
                SELECT count(*) FILTER (WHERE status NOT IN ('DONE', 'FAILED')) AS lost,
                       count(*) FILTER (WHERE status = 'FAILED') AS failed,
                       count(*) FILTER (WHERE status = 'DONE') AS done,
                       coalesce(sum(retry_count), 0) AS retries,
                       coalesce(sum(rescue_count), 0) AS rescues
                FROM persona_tasks""");
        long duplicates = dsl.fetchSingle("""
                SELECT (SELECT count(*) FROM (SELECT post_id, author_id FROM comments WHERE task_id IS NOT NULL
                                              GROUP BY 1, 2 HAVING count(*) > 1) c)
                     + (SELECT count(*) FROM (SELECT persona_id, task_type, target_key FROM persona_tasks
                                              WHERE status = 'DONE' GROUP BY 1, 2, 3 HAVING count(*) > 1) t)""")
                .get(0, Long.class);
        long personaBreaches = dsl.fetchSingle("""
                SELECT count(*) FROM persona_tasks a WHERE a.status = 'DONE' AND (
                    SELECT count(*) FROM persona_tasks b WHERE b.persona_id = a.persona_id AND b.status = 'DONE'
                      AND b.completed_at > a.completed_at - interval '1 hour' AND b.completed_at <= a.completed_at) > ?""",
                PERSONA_LIMIT).get(0, Long.class);
        Long handoverMillis = victim == null ? null : dsl.fetchSingle("""
                SELECT (extract(epoch FROM max(n.started_at) - ?::timestamptz) * 1000)::bigint
                FROM persona_task_attempts a
                JOIN LATERAL (SELECT started_at FROM persona_task_attempts n WHERE n.task_id = a.task_id AND n.id > a.id
                              ORDER BY n.id LIMIT 1) n ON true
                WHERE a.node_id = ? AND a.outcome = 'RESCUED'""", OffsetDateTime.ofInstant(faultAt, java.time.ZoneOffset.UTC),
                victim).get(0, Long.class);
        long doneBefore = completedBetween(faultAt.minus(before), faultAt);
        long doneDuring = completedBetween(faultAt, faultAt.plus(during));
        List<Instant> calls = simulator.generateRequests().stream().map(ReceivedRequest::receivedAt).sorted().toList();
        int busiestMinute = Stats.maxInAnyWindow(calls, Duration.ofMinutes(1));
        return new FaultReport(scenario, tasks, row.get("lost", Long.class), row.get("failed", Long.class),
                row.get("done", Long.class), row.get("retries", Long.class), row.get("rescues", Long.class), duplicates,
                personaBreaches, busiestMinute > CALL_LIMIT ? 1 : 0, calls.size(),
                handoverMillis == null ? null : Duration.ofMillis(handoverMillis),
                doneBefore * 60_000 / before.toMillis(), doneDuring * 60_000 / during.toMillis());
    }

    private long completedBetween(Instant from, Instant to) {
        return dsl.fetchSingle("SELECT count(*) FROM persona_tasks WHERE status = 'DONE' AND completed_at >= ?::timestamptz "
                + "AND completed_at < ?::timestamptz", OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
                OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC)).get(0, Long.class);
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        simulator.close();
        pool.close();
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // left for the next run, which drops it first
        }
    }
}
