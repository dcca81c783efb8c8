package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.bench.BenchDb.Db;
import io.personaengine.store.ForumAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Due → start lag: {@code started_at − scheduled_at} of tasks, both on the database clock.
 * At idle, a node at the default configuration (tick 60 s) sees tasks fall due one at a time at
 * scattered future moments, each in a 10 s slice of its own. Under load, a node in the pipeline configuration (tick 100 ms, 32
 * workers, 0 ms simulator) sees a steady stream of tasks falling due at half the throughput the
 * 1-node pipeline measured in the same run.
 */
final class Lag {

    private Lag() {}

    static void idle(Bench bench, Results results) {
        int tasks = bench.quick ? 6 : 12;
        Duration spread = Duration.ofSeconds(bench.quick ? 60 : 120);
        try (Db db = bench.freshDb("idle");
                GeminiSimulator simulator = Bench.simulator(Duration.ZERO, Duration.ZERO, 16)) {
            Bench.seedForum(db, tasks, 1);
            // a probe due now: once it has started, the node is up and claiming
            Bench.queueComments(db, 0, 1, "now() - interval '1 second'");
            try (NodeProcess node = NodeProcess.launch(bench.jar, bench.logs, "idle-" + db.name.replaceAll("\\D", ""),
                    bench.nodeEnv(db, simulator))) {
                awaitStarted(db, node, 1, Duration.ofSeconds(150));
                long probe = db.count("SELECT max(id) FROM persona_tasks WHERE task_type = 'COMMENT'");
                // a post of its own for each task, written now: the picker's comments for the first post
                // cannot collide with them, and it plans none for these before its next tick
                long lastPost = db.count("SELECT max(id) FROM posts");
                ForumAdmin forum = new ForumAdmin(db.dsl);
                long board = forum.board("kitchen", "The Kitchen", List.of("cooking", "baking"));
                long author = forum.user("maria");
                for (int i = 0; i < tasks; i++) {
                    forum.post(board, author, "Later question " + i, "Which knife for bread?", List.of("cooking"));
                }
                // stratified: task i falls due at a random moment of the i-th slice of the spread, the
                // slices about 10 s long, so a tick finds a few due tasks and free workers
                SplittableRandom random = new SplittableRandom();
                long slice = spread.toMillis() / tasks;
                StringBuilder offsets = new StringBuilder("{");
                for (int i = 0; i < tasks; i++) {
                    offsets.append(i == 0 ? "" : ",").append(1_000 + i * slice + random.nextLong(slice - 1_000));
                }
                offsets.append('}');
                int queued = db.dsl.execute("""
                        INSERT INTO persona_tasks (persona_id, task_type, post_id, target_key, scheduled_at)
                        SELECT pe.id, 'COMMENT', p.id, p.id, now() + ((?::text)::bigint[])[p.k] * interval '1 millisecond'
                        FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM posts WHERE id > ?) p
                        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM personas) pe ON pe.k = p.k
                        ON CONFLICT DO NOTHING""", offsets.toString(), lastPost);
                if (queued != tasks) {
                    throw new IllegalStateException("queued " + queued + " idle tasks, wanted " + tasks);
                }
                awaitStarted(db, node, 1 + tasks, spread.plusSeconds(150));
                List<Double> lags = lags(db, probe);
                results.add("lag due → start, idle", "p50 " + Stats.seconds(Stats.percentile(lags, 50)) + ", p99 "
                                + Stats.seconds(Stats.percentile(lags, 99)), "",
                        String.format("1 node, default configuration (tick 60 s, 8 workers); once it has started a "
                                + "first task, %d tasks falling due one at a time at random moments over %d s; nearest-rank "
                                + "percentiles of the %d lags (min %s, max %s)", tasks, spread.toSeconds(),
                                lags.size(), Stats.seconds(Stats.percentile(lags, 0.001)),
                                Stats.seconds(Stats.percentile(lags, 100))));
            }
        }
    }

    private static void awaitStarted(Db db, NodeProcess node, long started, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' AND started_at IS NOT NULL")
                < started) {
            Bench.requireAlive(List.of(node));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tasks not started within " + max + "; see " + node.log);
            }
            Bench.sleep(Duration.ofMillis(250));
        }
    }

    static void underLoad(Bench bench, Results results, double oneNodeRate) {
        if (!(oneNodeRate > 0)) {
            throw new IllegalStateException("no 1-node pipeline rate to derive the load from");
        }
        int warmUp = bench.quick ? 500 : 1_000;
        Duration length = Duration.ofSeconds(bench.quick ? 10 : 30);
        double rate = oneNodeRate / 2;
        int stream = (int) Math.round(rate * length.toSeconds());
        long spacingMicros = Math.round(1e6 / rate);
        try (Db db = bench.freshDb("load");
                GeminiSimulator simulator = Bench.simulator(Duration.ZERO, Duration.ZERO, 128)) {
            Bench.seedForum(db, Pipeline.PERSONAS, (warmUp + stream) / Pipeline.PERSONAS + 1);
            Bench.queueComments(db, 0, warmUp, "now() - interval '1 second'");
            try (NodeProcess node = NodeProcess.launch(bench.jar, bench.logs, "load-" + db.name.replaceAll("\\D", ""),
                    bench.nodeEnv(db, simulator, Pipeline.throughputSettings("100")))) {
                await(db, node, warmUp, Duration.ofMinutes(3));
                long lastWarm = db.count("SELECT max(id) FROM persona_tasks");
                Bench.queueComments(db, warmUp, stream,
                        "now() + interval '2 seconds' + n * ? * interval '1 microsecond'", spacingMicros);
                await(db, node, warmUp + stream, length.plusMinutes(3));
                List<Double> lags = lags(db, lastWarm);
                results.add("lag due → start, under load", "p50 " + Stats.seconds(Stats.percentile(lags, 50))
                                + ", p99 " + Stats.seconds(Stats.percentile(lags, 99)), "",
                        String.format("1 node, pipeline configuration (tick 100 ms, %d workers, 0 ms simulator) "
                                + "after %,d warm-up tasks; %,d tasks falling due evenly at %s tasks/s (half the "
                                + "1-node pipeline median) for %d s; max %s", Pipeline.WORKERS, warmUp, lags.size(),
                                Stats.fmt(rate, 1), length.toSeconds(), Stats.seconds(Stats.percentile(lags, 100))));
            }
        }
    }

    private static void await(Db db, NodeProcess node, long done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' AND status = 'DONE'") < done) {
            Bench.requireAlive(List.of(node));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tasks not done within " + max + "; see " + node.log);
            }
            Bench.sleep(Duration.ofMillis(250));
        }
    }

    /** Seconds from due to first start of every started COMMENT task with an id above {@code afterId}. */
    private static List<Double> lags(Db db, long afterId) {
        return db.dsl.fetch("SELECT extract(epoch FROM started_at - scheduled_at)::float8 FROM persona_tasks "
                        + "WHERE task_type = 'COMMENT' AND started_at IS NOT NULL AND id > ?", afterId)
                .getValues(0, Double.class).stream().collect(Collectors.toCollection(ArrayList::new));
    }
}
