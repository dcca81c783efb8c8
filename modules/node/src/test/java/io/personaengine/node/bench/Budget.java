package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.node.bench.BenchDb.Db;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini budget use at the defaults: nodes with every default setting (GEMINI_MAX_CALLS_PER_MINUTE
 * 60, tick 60 s, 8 workers, 6 actions per persona and hour), the simulator answering after 1–3 s,
 * and a due backlog far larger than the budget. Counted where Gemini would see it: the simulator's
 * arrival times of {@code generateContent} calls.
 */
final class Budget {

    static final int LIMIT = 60;
    private static final Duration MINUTE = Duration.ofSeconds(60);

    private Budget() {}

    static void run(Bench bench, Results results, int nodes) {
        int minutes = 2;
        String label = "budget, " + nodes + (nodes == 1 ? " node" : " nodes");
        try (Db db = bench.freshDb("budget" + nodes);
                GeminiSimulator simulator = Bench.simulator(Duration.ofSeconds(1), Duration.ofSeconds(3), 64)) {
            // 2,000 tasks over 200 personas: neither the backlog nor the persona limits run dry
            Bench.seedForum(db, 200, 10);
            Bench.queueComments(db, 0, 2_000, "now() - interval '1 second'");
            List<NodeProcess> processes = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    processes.add(NodeProcess.launch(bench.jar, bench.logs,
                            "budget" + nodes + "-" + db.name.replaceAll("\\D", "") + "-" + (char) ('a' + i),
                            bench.nodeEnv(db, simulator, "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(LIMIT))));
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (simulator.generateRequests().isEmpty()) {
                    Bench.requireAlive(processes);
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no Gemini call within 3 minutes; see " + processes.get(0).log);
                    }
                    Bench.sleep(Duration.ofMillis(200));
                }
                Bench.sleep(Duration.ofMillis(3_500)); // calls that arrived earlier but wait longer land too
                Instant first = arrivals(simulator).get(0);
                while (Instant.now().isBefore(first.plus(MINUTE.multipliedBy(minutes)).plusSeconds(1))) {
                    Bench.requireAlive(processes);
                    Bench.sleep(Duration.ofMillis(500));
                }
                // the simulator records a call once its latency has passed: let the last ones land
                Bench.sleep(Duration.ofMillis(3_500));
                processes.forEach(NodeProcess::kill9);
                List<Instant> arrivals = arrivals(simulator);
                long pending = db.count("SELECT count(*) FROM persona_tasks WHERE status IN ('PENDING', 'RUNNING')");
                List<Double> shares = new ArrayList<>();
                for (int k = 0; k < minutes; k++) {
                    Instant from = first.plus(MINUTE.multipliedBy(k));
                    shares.add(100.0 * Stats.countBetween(arrivals, from, from.plus(MINUTE)) / LIMIT);
                }
                Instant end = first.plus(MINUTE.multipliedBy(minutes));
                double sliding = 100.0 * Stats.meanInWindows(arrivals, first, end, MINUTE) / LIMIT;
                int max = Stats.maxInAnyWindow(arrivals, MINUTE);
                long errors = simulator.generateRequests().stream().filter(r -> r.status() != 200).count();
                results.add(label + ": limit used", Stats.fmt(sliding, 1) + " % of " + LIMIT + " calls/min", "",
                        String.format("%d node(s), all defaults, simulator 1–3 s, backlog of 2,000 due tasks; mean "
                                + "calls in a 60 s window over every window (100 ms steps) inside the %d s from the "
                                + "first call; the %d consecutive windows from the first call: %s %%; %d calls in "
                                + "those %d s, %d answered non-200; %,d tasks still queued at the end", nodes,
                                minutes * 60, minutes, Stats.list(shares, 1), Stats.countBetween(arrivals, first, end),
                                minutes * 60, errors, pending));
                results.add(label + ": most calls in 60 s", max + " calls", "≤ " + LIMIT + (max <= LIMIT ? " (met)"
                                : " (EXCEEDED)"),
                        String.format("busiest 60 s window of simulator arrivals over the whole run (%d calls)",
                                arrivals.size()));
            } finally {
                processes.forEach(NodeProcess::close);
            }
        }
    }

    private static List<Instant> arrivals(GeminiSimulator simulator) {
        return simulator.generateRequests().stream().map(ReceivedRequest::receivedAt).sorted().toList();
    }
}
