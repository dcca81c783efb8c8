package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.bench.BenchDb.Db;
import io.personaengine.store.ForumAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What every benchmark of the suite shares: the server, the node jar, the work folder, the results. */
final class Bench {

    final boolean quick;
    final Path jar;
    final Path logs;
    final BenchDb server = new BenchDb();
    final Results results = new Results();
    private final AtomicInteger databases = new AtomicInteger();

    Bench(boolean quick, Path jar, Path logs) {
        this.quick = quick;
        this.jar = jar;
        this.logs = logs;
    }

    /** A fresh migrated database; the name says which benchmark it belongs to. */
    Db freshDb(String tag) {
        return server.fresh("persona_bench_" + tag + "_" + databases.incrementAndGet());
    }

    /** A simulator answering on loopback (TCP_NODELAY, see GeminiSimulator) after {@code min..max}. */
    static GeminiSimulator simulator(Duration min, Duration max, int threads) {
        return GeminiSimulator.builder().latency(min, max).threads(threads).build().start();
    }

    /** Where a node finds the database and the simulator; every other key keeps its default unless given. */
    Map<String, String> nodeEnv(Db db, GeminiSimulator simulator, String... overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", db.url);
        env.put("DB_USER", server.user);
        env.put("DB_PASSWORD", server.password);
        env.put("GEMINI_BASE_URL", simulator.baseUrl());
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides come in KEY, value pairs");
        }
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    /**
     * One board, one human author, {@code personas} personas and {@code posts} posts, written through
     * {@link ForumAdmin} as the forum would. Tasks are added with {@link #queueComments}.
     */
    static void seedForum(Db db, int personas, int posts) {
        ForumAdmin forum = new ForumAdmin(db.dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking", "baking"));
        long author = forum.user("maria");
        for (int i = 0; i < personas; i++) {
            forum.persona("cook" + i, "Cook " + i, "friendly, short sentences", List.of("cooking"), false);
        }
        for (int i = 0; i < posts; i++) {
            forum.post(board, author, "Question " + i, "Cast iron or stainless steel for pan " + i + "?",
                    List.of("cooking"));
        }
    }

    /**
     * Queues COMMENT tasks for (persona, post) pairs number {@code from} to {@code from + count - 1},
     * pairs ordered by post then persona, so consecutive tasks belong to different personas.
     * {@code scheduledAt} is an SQL expression of {@code n}, the 0-based number of the task in this
     * batch, such as {@code now() - interval '1 second'}, with {@code scheduledAtBinds} for its {@code ?}s.
     *
     * @return how many tasks were queued
     */
    static int queueComments(Db db, int from, int count, String scheduledAt, Object... scheduledAtBinds) {
        Object[] binds = new Object[scheduledAtBinds.length + 2];
        System.arraycopy(scheduledAtBinds, 0, binds, 0, scheduledAtBinds.length);
        binds[binds.length - 2] = from;
        binds[binds.length - 1] = count;
        int queued = db.dsl.execute("""
                INSERT INTO persona_tasks (persona_id, task_type, post_id, target_key, scheduled_at)
                SELECT persona_id, 'COMMENT', post_id, post_id, %s
                FROM (SELECT pe.id AS persona_id, p.id AS post_id,
                             row_number() OVER (ORDER BY p.id, pe.id) - 1 - ? AS n
                      FROM personas pe CROSS JOIN posts p) pairs
                WHERE n >= 0 AND n < ?
                ORDER BY n""".formatted(scheduledAt), binds);
        if (queued != count) {
            throw new IllegalStateException("queued " + queued + " tasks, wanted " + count + ": seed more pairs");
        }
        db.dsl.execute("ANALYZE");
        return queued;
    }

    /** When {@code nodeId} first claimed a task (its first attempt row), on the database clock. */
    static Instant firstClaim(Db db, String nodeId) {
        return db.instant("SELECT min(started_at) FROM persona_task_attempts WHERE node_id = ?", nodeId);
    }

    /** Waits until the node has joined the Quartz cluster (its check-in row exists), at most {@code max}. */
    static boolean awaitJoined(Db db, NodeProcess node, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.alive()) {
                throw new IllegalStateException("node " + node.nodeId + " exited during start-up:\n" + node.logTail(30));
            }
            if (db.count("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = ?", node.nodeId) > 0) {
                return true;
            }
            sleep(Duration.ofMillis(100));
        }
        return false;
    }

    static void requireAlive(List<NodeProcess> nodes) {
        for (NodeProcess node : nodes) {
            if (!node.alive()) {
                throw new IllegalStateException("node " + node.nodeId + " exited:\n" + node.logTail(30));
            }
        }
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
