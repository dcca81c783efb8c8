package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.bench.BenchDb.Db;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kill -9} of a node process that holds running tasks (they wait on a slow simulator), with a
 * second node process already in the cluster: the time from the kill until every one of those tasks
 * has started again on the survivor (its attempt rows, database clock). Tick 1 s; every liveness
 * setting (heartbeat, node timeout, Quartz check-in, lease) at its default.
 */
final class Failover {

    private static final int TASKS = 4;
    private static final String TICK = "1000";

    private Failover() {}

    static void run(Bench bench) {
        int trials = bench.quick ? 1 : 3;
        List<Double> all = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            double[] times = once(bench);
            first.add(times[0]);
            all.add(times[1]);
            System.out.printf("     failover trial %d/%d: first task re-started after %s s, all %d after %s s%n",
                    i + 1, trials, Stats.fmt(times[0], 2), TASKS, Stats.fmt(times[1], 2));
        }
        bench.results.add("failover: kill -9 → running elsewhere", Stats.fmt(Stats.median(all), 1) + " s", "",
                String.format("median of %d trials (%s s) until all %d held tasks started again on the other node "
                        + "(first of them: %s s); 2 node processes, tick 1 s, every liveness setting at its default "
                        + "(heartbeat, node timeout, Quartz check-in, lease)", trials, Stats.list(all, 1), TASKS,
                        Stats.list(first, 1)));
    }

    /** @return seconds from the kill to the first and to the last re-start on the survivor */
    private static double[] once(Bench bench) {
        try (Db db = bench.freshDb("failover");
                GeminiSimulator simulator = Bench.simulator(Duration.ofSeconds(120), Duration.ofSeconds(120), 32)) {
            Bench.seedForum(db, TASKS, 1);
            Bench.queueComments(db, 0, TASKS, "now() - interval '1 second'");
            String suffix = db.name.replaceAll("\\D", "");
            try (NodeProcess victim = NodeProcess.launch(bench.jar, bench.logs, "victim-" + suffix,
                    bench.nodeEnv(db, simulator, "SCHEDULER_INTERVAL_MS", TICK))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (db.count("SELECT count(*) FROM persona_tasks WHERE status = 'RUNNING' AND claimed_by = ?",
                        victim.nodeId) < TASKS) {
                    Bench.requireAlive(List.of(victim));
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the victim never held all tasks; see " + victim.log);
                    }
                    Bench.sleep(Duration.ofMillis(100));
                }
                Bench.sleep(Duration.ofSeconds(1)); // the claimed tasks are waiting on the simulator now
                try (NodeProcess survivor = NodeProcess.launch(bench.jar, bench.logs, "survivor-" + suffix,
                        bench.nodeEnv(db, simulator, "SCHEDULER_INTERVAL_MS", TICK))) {
                    if (!Bench.awaitJoined(db, survivor, Duration.ofSeconds(60))) {
                        throw new IllegalStateException("the survivor never joined; see " + survivor.log);
                    }
                    Instant killed = db.now();
                    victim.kill9();
                    deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                    while (db.count("SELECT count(DISTINCT task_id) FROM persona_task_attempts WHERE node_id = ?",
                            survivor.nodeId) < TASKS) {
                        Bench.requireAlive(List.of(survivor));
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("tasks not re-started within 150 s; see " + survivor.log);
                        }
                        Bench.sleep(Duration.ofMillis(100));
                    }
                    var row = db.dsl.fetchOne("SELECT min(started_at), max(started_at) FROM persona_task_attempts "
                            + "WHERE node_id = ? AND started_at > ?::timestamptz", survivor.nodeId,
                            OffsetDateTime.ofInstant(killed, ZoneOffset.UTC));
                    return new double[] {
                        Bench.seconds(killed, row.get(0, OffsetDateTime.class).toInstant()),
                        Bench.seconds(killed, row.get(1, OffsetDateTime.class).toInstant())};
                }
            }
        }
    }
}
