package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.bench.BenchDb.Db;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The full pipeline in real node processes: a backlog of COMMENT tasks due now, claimed, sent to the
 * simulator (0 ms latency), published as comments with their attempt rows. Throughput is completed
 * tasks per second over the steady part (from the 10th to the 90th percentile of completion times,
 * database clock). The picker is kept from adding due work. Also yields the node's start-up time
 * (launch to first claim) and its footprint under load ({@code -Xmx256m}).
 */
final class Pipeline {

    static final int WORKERS = 32;
    static final int PERSONAS = 60;

    /**
     * One run's figures.
     *
     * @param rate tasks/s: steady part when the backlog finished, else completions in the window
     * @param startupSeconds per node: launch to its first claim
     */
    record Run(int nodes, int tasks, double rate, String method, long done, long failed, long comments,
            long attempts, List<Double> startupSeconds, long peakRssKb, long[] heapMb, boolean outOfMemory) {}

    private Pipeline() {}

    /** The settings that keep the picker from queuing due work and the limits out of the way. */
    static String[] throughputSettings(String tick) {
        List<String> settings = new ArrayList<>(List.of(
                "MAX_CONCURRENT_TASKS", String.valueOf(WORKERS),
                "GEMINI_MAX_CALLS_PER_MINUTE", "1000000",
                "PERSONA_MAX_ACTIONS_PER_HOUR", "10000",
                "POSTS_PER_DAY", "0",
                "IMAGE_POST_ONE_IN_TICKS", "0",
                "COMMENTS_PER_POST", "0",
                "DELAY_VOTE", "20h..24h",
                "DELAY_REPLY", "20h..24h"));
        if (tick != null) {
            settings.addAll(List.of("SCHEDULER_INTERVAL_MS", tick));
        }
        return settings.toArray(String[]::new);
    }

    /**
     * Runs {@code nodes} node processes on a backlog of {@code tasks} due COMMENT tasks until it is
     * done or {@code cap} has passed since the first claim, and reports the steady rate (see
     * {@link #steadyRate}). If a tenth of the backlog is not done by then and a {@code fallback} is
     * given (a runner that waits for ticks), the run goes on until {@code fallback} after the first
     * claim and the rate is the completions in that time.
     */
    static Run once(Bench bench, String label, int nodes, String tick, int tasks, Duration cap, Duration fallback) {
        int posts = (tasks + PERSONAS - 1) / PERSONAS;
        try (Db db = bench.freshDb("pipe");
                GeminiSimulator simulator = Bench.simulator(Duration.ZERO, Duration.ZERO, 128)) {
            Bench.seedForum(db, PERSONAS, posts);
            Bench.queueComments(db, 0, tasks, "now() - interval '1 second'");
            List<NodeProcess> processes = new ArrayList<>();
            try {
                Instant launched = db.now();
                for (int i = 0; i < nodes; i++) {
                    String nodeId = label + "-" + db.name.replaceAll("\\D", "") + "-" + (char) ('a' + i);
                    processes.add(NodeProcess.launch(bench.jar, bench.logs, nodeId,
                            bench.nodeEnv(db, simulator, throughputSettings(tick))));
                }
                Instant firstClaim = null;
                long finished = 0;
                long lastProgress = System.nanoTime();
                long hardStop = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (true) {
                    Bench.sleep(Duration.ofMillis(250));
                    processes.forEach(NodeProcess::sampleRssKb);
                    Bench.requireAlive(processes);
                    long count = db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' "
                            + "AND status IN ('DONE', 'FAILED')");
                    if (count > finished) {
                        finished = count;
                        lastProgress = System.nanoTime();
                    }
                    if (firstClaim == null) {
                        firstClaim = db.instant("SELECT min(started_at) FROM persona_task_attempts");
                    }
                    if (finished >= tasks) {
                        break;
                    }
                    if (firstClaim != null) {
                        Instant now = db.now();
                        boolean steady = finished >= tasks / 10 + 2;
                        if (now.isAfter(firstClaim.plus(cap)) && (steady || fallback == null)
                                || fallback != null && now.isAfter(firstClaim.plus(fallback))) {
                            break;
                        }
                    }
                    boolean stalled = System.nanoTime() - lastProgress > Duration.ofSeconds(90).toNanos();
                    if (stalled || System.nanoTime() > hardStop) {
                        throw new IllegalStateException(label + ": no progress at " + finished + " of " + tasks
                                + " tasks; see " + processes.get(0).log);
                    }
                }
                Instant stopped = db.now();
                long peakRss = processes.stream().mapToLong(NodeProcess::peakRssKb).max().orElse(0);
                peakRss = Math.max(peakRss, processes.stream().mapToLong(NodeProcess::maxSampledRssKb).max().orElse(0));
                processes.forEach(NodeProcess::kill9);

                List<Double> startup = new ArrayList<>();
                for (NodeProcess process : processes) {
                    Instant first = Bench.firstClaim(db, process.nodeId);
                    if (first != null) {
                        startup.add(Bench.seconds(launched, first));
                    }
                }
                double rate;
                String method;
                if (finished >= tasks) {
                    rate = steadyRate(db, tasks, null);
                    method = "from the 10th to the 90th percentile completion";
                } else if (finished >= tasks / 10 + 2) {
                    rate = steadyRate(db, tasks, stopped);
                    method = "from the 10th percentile completion to the stop, "
                            + Stats.fmt(Bench.seconds(firstClaim, stopped), 0) + " s after the first claim";
                } else {
                    // too few completions for a steady part: whole ticks' worth of completions instead
                    long inWindow = db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' "
                            + "AND status = 'DONE' AND completed_at >= ?::timestamptz AND completed_at < ?::timestamptz",
                            OffsetDateTime.ofInstant(firstClaim, ZoneOffset.UTC),
                            OffsetDateTime.ofInstant(firstClaim.plus(fallback), ZoneOffset.UTC));
                    rate = inWindow / (double) fallback.toSeconds();
                    method = "completions in the " + fallback.toSeconds() + " s after the first claim";
                }
                long[] heap = processes.get(0).heapFromGcLog();
                return new Run(nodes, tasks, rate, method,
                        db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' AND status = 'DONE'"),
                        db.count("SELECT count(*) FROM persona_tasks WHERE task_type = 'COMMENT' AND status = 'FAILED'"),
                        db.count("SELECT count(*) FROM comments WHERE task_id IS NOT NULL"),
                        db.count("SELECT count(*) FROM persona_task_attempts"),
                        startup, peakRss, heap, processes.stream().anyMatch(NodeProcess::ranOutOfMemory));
            } finally {
                processes.forEach(NodeProcess::close);
            }
        }
    }

    /**
     * Tasks/s after the warm-up: from the completion of the first tenth of the {@code tasks} to the
     * completion of nine tenths, or, when the run was stopped at {@code stopped} before that, to then.
     */
    static double steadyRate(Db db, int tasks, Instant stopped) {
        List<Double> times = db.dsl.fetch("SELECT extract(epoch FROM completed_at)::float8 FROM persona_tasks "
                + "WHERE task_type = 'COMMENT' AND status = 'DONE' ORDER BY completed_at")
                .getValues(0, Double.class);
        int from = tasks / 10;
        if (times.size() < from + 2) {
            return Double.NaN;
        }
        if (stopped == null) {
            int to = Math.min(times.size(), tasks * 9 / 10);
            return (to - 1 - from) / (times.get(to - 1) - times.get(from));
        }
        double end = stopped.toEpochMilli() / 1e3;
        return (times.size() - 1 - from) / (end - times.get(from));
    }

    /** Median rate of {@code runs} runs, with each run's figures in the detail column. */
    static List<Run> measure(Bench bench, String label, int nodes, String tick, int tasks, Duration cap,
            Duration fallback, int runs) {
        List<Run> list = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Run run = once(bench, label, nodes, tick, tasks, cap, fallback);
            System.out.printf("     %s run %d/%d: %s tasks/s (%s), %d done, %d failed, %d comments, %d attempts, "
                    + "start-up %s s%n", label, i + 1, runs, Stats.fmt(run.rate(), 1), run.method(), run.done(),
                    run.failed(), run.comments(), run.attempts(), Stats.list(run.startupSeconds(), 2));
            list.add(run);
        }
        return list;
    }

    static double medianRate(List<Run> runs) {
        return Stats.median(runs.stream().map(Run::rate).collect(Collectors.toList()));
    }

    static String describe(List<Run> runs) {
        Run first = runs.get(0);
        long done = runs.stream().mapToLong(Run::done).sum();
        long failed = runs.stream().mapToLong(Run::failed).sum();
        long comments = runs.stream().mapToLong(Run::comments).sum();
        long attempts = runs.stream().mapToLong(Run::attempts).sum();
        return String.format("median of %d runs (%s); %,d tasks a run, %s; over all runs %,d done, %,d failed, "
                        + "%,d comments published, %,d attempt rows", runs.size(),
                Stats.list(runs.stream().map(Run::rate).toList(), 1), first.tasks(), first.method(), done, failed,
                comments, attempts);
    }
}
