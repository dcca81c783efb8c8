package io.personaengine.node.bench;

import io.personaengine.node.bench.BenchDb.Db;
import io.personaengine.store.bench.PickerTick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The whole benchmark suite, run by {@code ./bench/run}: prints each figure as it is measured and
 * writes the table to {@code bench/results/<date>.md} and {@code bench/results/latest.md}. Every
 * figure comes from this run. Environment: {@code BENCH_JAR} (the node jar), {@code BENCH_WORK}
 * (logs), {@code BENCH_RESULTS} (output folder), {@code BENCH_QUICK=1} for a short smoke run.
 *
 * <p>Order: the CPU-bound measurements one after another (simulator and PostgreSQL ceilings, the
 * pipeline with 1 and 2 nodes and at the default tick, lag under load, failover, picker tick, Gemini
 * permit cost, permits under backlog at 30,000/min), then the long, light ones side by side, each on
 * its own database (budget with 1 and 2 nodes, lag at idle, permits under backlog at 60/min): they
 * wait on the Gemini budget and on tasks falling due, not on the cores.
 */
public final class BenchSuite {

    /** Threads looping on the ledger in the backlog rows: far more than either limit needs. */
    private static final int PERMIT_THREADS = 64;

    private BenchSuite() {}

    public static void main(String[] args) throws Exception {
        Instant begin = Instant.now();
        boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
        Path jar = Path.of(required("BENCH_JAR"));
        Path work = Path.of(required("BENCH_WORK"));
        Path resultsDir = Path.of(required("BENCH_RESULTS"));
        Files.createDirectories(work);
        Bench bench = new Bench(quick, jar, work.resolve("logs"));
        Results results = bench.results;

        String machine = machine(bench);
        System.out.println("Persona Engine benchmarks" + (quick ? " (quick)" : "") + "\n  " + machine);
        bench.server.buildTemplate();
        int tasks = quick ? 2_000 : 6_000;
        int runs = quick ? 1 : 3;
        // a pipeline run stops when its backlog is done or this long after its first claim
        Duration cap = Duration.ofSeconds(quick ? 15 : 20);

        Double simulator = step("simulator", "Gemini simulator ceiling", () -> SimulatorCeiling.run(bench), results);
        Double ceiling1 = step("pgbench", "PostgreSQL ceiling, 32 clients",
                () -> PgbenchCeiling.run(bench, work, Pipeline.WORKERS, tasks, quick ? 1 : 5), results);
        Double ceiling2 = step("pgbench", "PostgreSQL ceiling, 64 clients",
                () -> PgbenchCeiling.run(bench, work, 2 * Pipeline.WORKERS, tasks, quick ? 1 : 5), results);
        List<Pipeline.Run> one = step("pipeline", "pipeline, 1 node",
                () -> Pipeline.measure(bench, "pipe1", 1, "100", tasks, cap, null, runs), results);
        List<Pipeline.Run> two = step("pipeline", "pipeline, 2 nodes",
                () -> Pipeline.measure(bench, "pipe2", 2, "100", tasks, cap, null, runs), results);
        List<Pipeline.Run> slow = step("tick60", "pipeline, 1 node, default tick",
                () -> Pipeline.measure(bench, "tick60", 1, null, tasks, cap, Duration.ofSeconds(120), runs), results);
        double rate1 = Double.NaN;
        if (one != null) {
            rate1 = Pipeline.medianRate(one);
            pipelineRow(results, "pipeline, 1 node (tick 100 ms)", one, ceiling1, 32, simulator, true);
        }
        if (two != null) {
            pipelineRow(results, "pipeline, 2 nodes (tick 100 ms)", two, ceiling2, 64, simulator, true);
        }
        if (slow != null) {
            pipelineRow(results, "pipeline, 1 node (default tick 60 s)", slow, ceiling1, 32, simulator, false);
        }
        if (one != null) {
            footprintRows(results, one);
        }
        double loadRate = rate1;
        step("load", "lag due → start, under load", () -> {
            Lag.underLoad(bench, results, loadRate);
            return null;
        }, results);
        step("failover", "failover", () -> {
            Failover.run(bench);
            return null;
        }, results);

        step("picker", "picker tick", () -> {
            pickerTick(bench, results);
            return null;
        }, results);
        step("permitcost", "Gemini permit cost against the limit", () -> {
            Permits.cost(bench, results);
            return null;
        }, results);
        // 500 permits and calls a second: CPU-bound, so not beside the light ones; three minutes, so most
        // windows measured lie past the first minute, which a backlog fills faster than it can refill
        step("permituse", "Gemini permits under backlog, 30,000/min", () -> {
            Permits.use(bench, results, Permits.LARGE, Duration.ofSeconds(quick ? 65 : 180), PERMIT_THREADS);
            return null;
        }, results);

        // long and light: side by side, each with rows of its own, reported in a fixed order
        System.out.println("== side by side: budget (1 and 2 nodes), lag at idle, permits under backlog at 60/min");
        List<Results> parallel = new ArrayList<>();
        List<Callable<Void>> jobs = new ArrayList<>();
        jobs.add(job("budget", parallel, "budget, 1 node", r -> Budget.run(bench, r, 1)));
        jobs.add(job("budget", parallel, "budget, 2 nodes", r -> Budget.run(bench, r, 2)));
        jobs.add(job("idle", parallel, "lag due → start, idle", r -> Lag.idle(bench, r)));
        jobs.add(job("permituse", parallel, "permits under backlog, 60/min", r -> Permits.use(bench, r, Permits.SMALL,
                Duration.ofSeconds(quick ? 80 : 180), PERMIT_THREADS)));
        ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
        List<Future<Void>> futures = pool.invokeAll(jobs);
        pool.shutdown();
        for (Future<Void> future : futures) {
            future.get();
        }
        parallel.forEach(r -> r.rows().forEach(row -> results.add(row.benchmark(), row.figure(), row.aim(), row.detail())));
        bench.server.dropTemplate();

        Duration wall = Duration.between(startedAt(begin), Instant.now());
        String report = report(bench, machine, wall);
        Files.createDirectories(resultsDir);
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm").withZone(ZoneOffset.UTC).format(begin);
        boolean partial = System.getenv("BENCH_ONLY") != null && !System.getenv("BENCH_ONLY").isBlank();
        Path dated = resultsDir.resolve(stamp + (quick ? "-quick" : "") + (partial ? "-partial" : "") + ".md");
        Files.writeString(dated, report);
        Files.writeString(resultsDir.resolve("latest.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("written to " + dated + " and " + resultsDir.resolve("latest.md"));
        boolean failed = results.rows().stream().anyMatch(r -> r.figure().equals("FAILED"));
        System.exit(failed ? 1 : 0);
    }

    private interface Body {
        void run(Results results) throws Exception;
    }

    private static Callable<Void> job(String key, List<Results> all, String name, Body body) {
        Results own = new Results();
        if (!selected(key)) {
            return () -> null;
        }
        all.add(own);
        return () -> {
            try {
                body.run(own);
            } catch (Throwable e) {
                e.printStackTrace();
                own.failed(name, e);
            }
            return null;
        };
    }

    private static <T> T step(String key, String name, Callable<T> body, Results results) {
        if (!selected(key)) {
            return null;
        }
        System.out.println("== " + name);
        try {
            return body.call();
        } catch (Throwable e) {
            e.printStackTrace();
            results.failed(name, e);
            return null;
        }
    }

    private static void pipelineRow(Results results, String name, List<Pipeline.Run> runs, Double ceiling, int clients,
            Double simulator, boolean aim) {
        double rate = Pipeline.medianRate(runs);
        String ratio = ceiling == null ? "n/a" : Stats.fmt(rate / ceiling, 2);
        boolean met = ceiling != null && rate / ceiling >= 0.40;
        results.add(name, Stats.fmt(rate, 1) + " tasks/s = " + ratio + " of the ceiling",
                !aim ? "" : "≥ 0.40 of the " + clients + "-client ceiling"
                        + (ceiling == null ? "" : met ? " (met)" : " (not met)"),
                String.format("%d workers a node, DB_POOL_SIZE 10 (default), Gemini simulator 0 ms (its ceiling: %s× "
                                + "this rate), comments published with attempt rows; %s", Pipeline.WORKERS,
                        simulator == null ? "n/a" : Stats.fmt(simulator / rate, 0), Pipeline.describe(runs)));
    }

    private static void footprintRows(Results results, List<Pipeline.Run> runs) {
        List<Double> rss = runs.stream().map(r -> r.peakRssKb() / 1024.0).collect(Collectors.toList());
        List<Double> live = runs.stream().map(r -> (double) r.heapMb()[1]).collect(Collectors.toList());
        List<Double> used = runs.stream().map(r -> (double) r.heapMb()[0]).collect(Collectors.toList());
        List<Double> committed = runs.stream().map(r -> (double) r.heapMb()[2]).collect(Collectors.toList());
        boolean oom = runs.stream().anyMatch(Pipeline.Run::outOfMemory);
        results.add("footprint under load (-Xmx256m)", String.format(Locale.ROOT,
                        "RSS %s MB, heap live %s MB (peak in use %s MB)", Stats.fmt(Stats.median(rss), 0),
                        Stats.fmt(Stats.median(live), 0), Stats.fmt(Stats.median(used), 0)),
                "runs in a 256 MB heap" + (!oom ? " (met)" : " (NOT met)"),
                String.format("the 1-node pipeline's node process, median of %d runs: peak RSS (VmHWM) %s MB; "
                                + "heap from its GC log: most live after a GC %s MB, most in use before a GC %s MB, "
                                + "committed at the last GC %s MB; %s", runs.size(), Stats.list(rss, 0), Stats.list(live, 0),
                        Stats.list(used, 0), Stats.list(committed, 0),
                        oom ? "OutOfMemoryError in the log" : "no OutOfMemoryError, up until stopped"));
        List<Double> startup = runs.stream().flatMap(r -> r.startupSeconds().stream()).collect(Collectors.toList());
        double median = Stats.median(startup);
        results.add("start-up: launch → first claim", Stats.fmt(median, 2) + " s",
                "< 5 s" + (median < 5 ? " (met)" : " (not met)"),
                String.format("java -Xmx256m -jar persona-engine.jar run against the external PostgreSQL, tasks "
                        + "due, tick 100 ms; median of %d launches (%s s)", startup.size(), Stats.list(startup, 2)));
    }

    private static void pickerTick(Bench bench, Results results) {
        int[] sizes = bench.quick ? new int[] {10_000, 100_000} : new int[] {10_000, 100_000, 1_000_000};
        int runs = bench.quick ? 7 : 21;
        int warmUp = bench.quick ? 5 : 15;
        try (Db db = bench.freshDb("picker")) {
            List<PickerTick.Result> ticks = PickerTick.measure(db.pool, sizes, runs, warmUp);
            double base = ticks.get(0).medianTickMillis();
            for (PickerTick.Result tick : ticks) {
                String size = tick.historyPosts() >= 1_000_000 ? tick.historyPosts() / 1_000_000 + "M"
                        : tick.historyPosts() / 1_000 + "k";
                double ratio = tick.medianTickMillis() / base;
                results.add("picker tick, " + size + " historical posts", Stats.fmt(tick.medianTickMillis(), 1) + " ms",
                        tick == ticks.get(0) ? "" : "≤ 1.5 × the 10k tick" + (ratio <= 1.5 ? " (met)" : " (not met)"),
                        String.format("median of %d ticks after %d warm-up; %s × the 10k tick; per query: %s "
                                        + "(history seeded in %d s)", tick.ticks(), warmUp, Stats.fmt(ratio, 2),
                                tick.queryMillis().entrySet().stream()
                                        .map(e -> e.getKey() + " " + Stats.fmt(e.getValue(), 1) + " ms")
                                        .collect(Collectors.joining(", ")), tick.seeding().toSeconds()));
            }
            if (bench.quick) {
                results.note("Quick run: the picker tick skips the 1M history.");
            }
        }
    }

    private static String machine(Bench bench) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, PostgreSQL %s at %s:%d, Java %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0, bench.server.serverVersion(),
                bench.server.host, bench.server.port, System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    private static String report(Bench bench, String machine, Duration wall) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results").append(bench.quick ? " (quick run)" : "").append("\n\n");
        String only = System.getenv("BENCH_ONLY");
        if (only != null && !only.isBlank()) {
            md.append("- partial run: BENCH_ONLY=").append(only).append('\n');
        }
        md.append("- date: ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS))).append('\n');
        md.append("- machine: ").append(machine).append('\n');
        String commit = System.getenv("BENCH_COMMIT");
        if (commit != null && !commit.isBlank()) {
            md.append("- code: ").append(commit).append('\n');
        }
        md.append("- wall time of `./bench/run`: ").append(wall.toMinutes()).append(" min ")
                .append(wall.toSecondsPart()).append(" s\n\n");
        md.append("| benchmark | median | aim | how it was measured |\n|---|---|---|---|\n");
        for (Results.Row row : bench.results.rows()) {
            md.append("| ").append(cell(row.benchmark())).append(" | ").append(cell(row.figure())).append(" | ")
                    .append(cell(row.aim())).append(" | ").append(cell(row.detail())).append(" |\n");
        }
        List<String> notes = new ArrayList<>(bench.results.notes());
        notes.add("Node logs and GC logs of this run: " + bench.logs + ".");
        md.append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** When {@code ./bench/run} started (BENCH_STARTED, epoch seconds), so the wall time includes the build. */
    private static Instant startedAt(Instant fallback) {
        String started = System.getenv("BENCH_STARTED");
        return started == null || started.isBlank() ? fallback : Instant.ofEpochSecond(Long.parseLong(started.strip()));
    }

    /**
     * BENCH_ONLY: comma-separated keys of the benchmarks to run (for trials); unset runs all. The key
     * {@code permits} stands for both {@code permitcost} and {@code permituse}.
     */
    private static boolean selected(String key) {
        String only = System.getenv("BENCH_ONLY");
        if (only == null || only.isBlank()) {
            return true;
        }
        List<String> keys = List.of(only.split(","));
        return keys.contains(key) || key.startsWith("permit") && keys.contains("permits");
    }

    private static String required(String key) {
        String value = System.getenv(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set; run ./bench/run");
        }
        return value;
    }
}
