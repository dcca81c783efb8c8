package io.personaengine.node.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.core.content.CallPermit;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.node.bench.BenchDb.Db;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.JooqCallLedger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The cluster's Gemini budget, {@link JooqCallLedger}, on the real PostgreSQL, without nodes.
 *
 * <p>Cost: the latency of one {@code tryAcquire} at a limit of 60 and of 30,000 calls a minute (the
 * real one-minute window), from 1 thread, 16 threads on one ledger, and 2 ledgers of 8 threads with
 * a pool each (two nodes). Threads work in rounds of {@value #ROUND} permits in all, the two limits
 * taking turns round by round, so both meet the same moments of a noisy machine. Before every
 * round the budget row is rewritten as a steady stream at the limit leaves it: {@code L − 48} calls
 * for a granted round, {@code L} for a refused one, one bucket for each call up to 237 buckets. So
 * every permit of a granted round is granted and every permit of a refused one refused, and each
 * reads the ring its limit really produces: 12 or 60 counted buckets at 60/min, 237 at 30,000/min.
 *
 * <p>Use: threads looping {permit; if granted, one {@code generateContent} to the simulator; if
 * refused, sleep the permit's {@code retryAfter}} over real minutes, counted where Gemini would
 * count them: the simulator's arrival times, in sliding 60 s windows.
 */
final class Permits {

    static final int SMALL = 60;
    static final int LARGE = 30_000;
    /** Permits of one round, all threads together; 48 below the smaller limit leaves it 12 calls. */
    static final int ROUND = 48;
    private static final String MODEL = "gemini-3.5-flash-lite";
    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Calls of a prepared ring sit in the newest 241 − 4 = 237 buckets, so none leaves within ~1 s. */
    private static final int HOLDING = 4;

    private Permits() {}

    /** Threads of one cost measurement: {@code ledgers} ledgers, each with its own pool and threads. */
    record Layout(String label, int ledgers, int threadsEach) {
        int threads() {
            return ledgers * threadsEach;
        }
    }

    /** One run of one configuration. */
    private record Run(double p50, double p99, double perSecond, double lockWaiting, double active, int permits) {}

    // ---------------------------------------------------------------- cost

    static void cost(Bench bench, Results results) throws Exception {
        int runs = bench.quick ? 1 : 5;
        int rounds = bench.quick ? 8 : 16;
        int warmUp = 2;
        List<Layout> granted = List.of(new Layout("1 thread", 1, 1), new Layout("16 threads", 1, 16),
                new Layout("2 ledgers × 8 threads", 2, 8));
        List<Layout> refused = List.of(new Layout("1 thread", 1, 1), new Layout("16 threads", 1, 16));
        // [layout][0 for 60/min, 1 for 30,000/min] → the runs
        List<List<List<Run>>> grantedRuns = table(granted.size());
        List<List<List<Run>>> refusedRuns = table(refused.size());
        List<Run> floorRuns = new ArrayList<>();
        try (Db db = bench.freshDb("permits");
                HikariDataSource a = ConnectionPool.open(new DatabaseConfig(db.url, bench.server.user,
                        bench.server.password, 16), "permits-a");
                HikariDataSource b = ConnectionPool.open(new DatabaseConfig(db.url, bench.server.user,
                        bench.server.password, 8), "permits-b")) {
            List<HikariDataSource> pools = List.of(a, b);
            for (int r = 0; r < runs; r++) {
                // which limit takes the even rounds alternates from run to run
                boolean smallFirst = r % 2 == 0;
                floorRuns.add(measure(bench, db, pools, new Layout("1 thread", 1, 1), true, true, smallFirst, rounds,
                        warmUp)[1]);
                for (int l = 0; l < granted.size(); l++) {
                    Run[] pair = measure(bench, db, pools, granted.get(l), true, false, smallFirst, rounds, warmUp);
                    grantedRuns.get(l).get(0).add(pair[0]);
                    grantedRuns.get(l).get(1).add(pair[1]);
                }
                for (int l = 0; l < refused.size(); l++) {
                    Run[] pair = measure(bench, db, pools, refused.get(l), false, false, smallFirst, rounds, warmUp);
                    refusedRuns.get(l).get(0).add(pair[0]);
                    refusedRuns.get(l).get(1).add(pair[1]);
                }
                System.out.printf(Locale.ROOT, "  permit cost: run %d of %d done%n", r + 1, runs);
            }
        }
        List<Double> floor50 = floorRuns.stream().map(Run::p50).toList();
        List<Double> floor99 = floorRuns.stream().map(Run::p99).toList();
        results.add("budget row rewrite alone, 1 thread", "p50 " + Stats.fmt(Stats.median(floor50), 0) + " µs, p99 "
                        + Stats.fmt(Stats.median(floor99), 0) + " µs", "",
                String.format(Locale.ROOT, "the floor under every permit: UPDATE gemini_budget SET last_bucket = "
                                + "last_bucket (the row lock, one new row version, the commit's WAL flush) on one "
                                + "connection, in the same rounds; median over %d runs of each run's p50 (%s µs) and "
                                + "p99 (%s µs); %s rewrites/s", floorRuns.size(), Stats.list(floor50, 0),
                        Stats.list(floor99, 0), Stats.fmt(Stats.median(floorRuns.stream().map(Run::perSecond).toList()),
                                0)));
        for (int l = 0; l < granted.size(); l++) {
            costRows(results, "granted", granted.get(l), grantedRuns.get(l), warmUp);
        }
        for (int l = 0; l < refused.size(); l++) {
            costRows(results, "refused", refused.get(l), refusedRuns.get(l), warmUp);
        }
    }

    private static List<List<List<Run>>> table(int layouts) {
        List<List<List<Run>>> table = new ArrayList<>();
        for (int i = 0; i < layouts; i++) {
            table.add(List.of(new ArrayList<>(), new ArrayList<>()));
        }
        return table;
    }

    private static void costRows(Results results, String verdict, Layout layout, List<List<Run>> byLimit,
            int warmUp) {
        double base50 = Stats.median(byLimit.get(0).stream().map(Run::p50).toList());
        double base99 = Stats.median(byLimit.get(0).stream().map(Run::p99).toList());
        for (int i = 0; i < 2; i++) {
            List<Run> runs = byLimit.get(i);
            int limit = i == 0 ? SMALL : LARGE;
            int calls = verdict.equals("granted") ? limit - ROUND : limit;
            List<Double> p50 = runs.stream().map(Run::p50).toList();
            List<Double> p99 = runs.stream().map(Run::p99).toList();
            double m50 = Stats.median(p50);
            double m99 = Stats.median(p99);
            String figure = "p50 " + Stats.fmt(m50, 0) + " µs, p99 " + Stats.fmt(m99, 0) + " µs"
                    + (i == 0 ? "" : " (" + Stats.fmt(m50 / base50, 2) + " ×)");
            String aim = i == 0 ? "" : "≤ 1.5 × the 60/min p50" + (m50 / base50 <= 1.5 ? " (met)" : " (not met)");
            results.add("permit " + verdict + ", " + layout.label() + ", " + String.format(Locale.ROOT, "%,d", limit)
                            + "/min", figure, aim,
                    String.format(Locale.ROOT, "one tryAcquire, %s; median over %d runs of each run's p50 (%s µs) "
                                    + "and p99 (%s µs)%s; %,d permits a run after %d warm-up rounds, in rounds of %d "
                                    + "taking turns with the other limit's, the ring rewritten before each (%s calls "
                                    + "in the window, in %d buckets); %s permits/s; backends waiting on a lock: mean "
                                    + "%s of %s active",
                            verdict.equals("granted") ? "every one granted" : "every one refused (window full)",
                            runs.size(), Stats.list(p50, 0), Stats.list(p99, 0),
                            i == 0 ? "" : "; p99 " + Stats.fmt(m99 / base99, 2) + " × the 60/min p99",
                            runs.get(0).permits(), warmUp, ROUND,
                            String.format(Locale.ROOT, "%,d", calls), Math.min(calls, 241 - HOLDING),
                            Stats.fmt(Stats.median(runs.stream().map(Run::perSecond).toList()), 0),
                            Stats.fmt(Stats.median(runs.stream().map(Run::lockWaiting).toList()), 1),
                            Stats.fmt(Stats.median(runs.stream().map(Run::active).toList()), 1)));
        }
    }

    /**
     * One run of both limits: rounds of {@value #ROUND} permits, the limits taking turns round by
     * round (so both see the same moments of a noisy machine); {@code warmUp} rounds of each first,
     * unrecorded. With {@code bare}, each thread rewrites the budget row without the ledger instead.
     *
     * @return the runs of 60/min and of 30,000/min
     */
    private static Run[] measure(Bench bench, Db db, List<HikariDataSource> pools, Layout layout, boolean granted,
            boolean bare, boolean smallFirst, int rounds, int warmUp) throws Exception {
        db.dsl.execute("TRUNCATE gemini_budget, gemini_calls");
        int[] limits = {SMALL, LARGE};
        // [pool][0 for 60/min, 1 for 30,000/min]
        JooqCallLedger[][] ledgers = new JooqCallLedger[layout.ledgers()][2];
        for (int i = 0; i < layout.ledgers(); i++) {
            for (int l = 0; l < 2; l++) {
                ledgers[i][l] = new JooqCallLedger(DSL.using(pools.get(i), SQLDialect.POSTGRES),
                        "bench-node-" + (char) ('a' + i), limits[l]);
            }
        }
        // a first grant creates the budget row the rounds rewrite
        if (!ledgers[0][1].tryAcquire(MODEL).isGranted()) {
            throw new IllegalStateException("the first permit was refused");
        }
        int threads = layout.threads();
        int each = ROUND / threads;
        int total = 2 * (warmUp + rounds);
        // round i runs limit which(i); rounds from 2 * warmUp on are recorded
        IntUnaryOperator which = i -> (i % 2 == 0) == smallFirst ? 0 : 1;
        long[][][] nanos = new long[2][threads][rounds * each];
        LockSampler sampler = new LockSampler(bench.server, db);
        long[] busy = new long[2]; // ns inside measured rounds, by limit
        long[] roundStart = {0};
        int[] trips = {0};
        // trip i of the barrier ends round i − 1 and starts round i
        CyclicBarrier barrier = new CyclicBarrier(threads, () -> {
            int trip = trips[0]++;
            sampler.phase = -1;
            if (trip > 2 * warmUp) {
                busy[which.applyAsInt(trip - 1)] += System.nanoTime() - roundStart[0];
            }
            if (trip == total) {
                sampler.finish();
                return;
            }
            int limit = limits[which.applyAsInt(trip)];
            prepare(db, ledgers[0][0], granted ? limit - ROUND : limit);
            if (trip == 2 * warmUp) {
                sampler.start();
            }
            if (trip >= 2 * warmUp) {
                sampler.phase = which.applyAsInt(trip);
            }
            roundStart[0] = System.nanoTime();
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            HikariDataSource pool = pools.get(t / layout.threadsEach());
            JooqCallLedger[] own = ledgers[t / layout.threadsEach()];
            Thread worker = new Thread(() -> {
                try (Connection connection = bare ? pool.getConnection() : null;
                        PreparedStatement rewrite = bare ? connection.prepareStatement(
                                "UPDATE gemini_budget SET last_bucket = last_bucket WHERE scope = '" + MODEL + "'") : null) {
                    for (int round = 0; round < total; round++) {
                        barrier.await();
                        int l = which.applyAsInt(round);
                        for (int k = 0; k < each; k++) {
                            long start = System.nanoTime();
                            CallPermit permit = bare ? null : own[l].tryAcquire(MODEL);
                            if (bare) {
                                rewrite.executeUpdate();
                            }
                            long took = System.nanoTime() - start;
                            if (permit != null && permit.isGranted() != granted) {
                                throw new IllegalStateException("a " + (granted ? "granted" : "refused")
                                        + " round got " + permit.verdict() + ": " + permit.reason());
                            }
                            if (round >= 2 * warmUp) {
                                nanos[l][index][(round - 2 * warmUp) / 2 * each + k] = took;
                            }
                        }
                    }
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    failure.compareAndSet(null, e);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    barrier.reset();
                }
            }, "permit-" + t);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        sampler.finish();
        sampler.join();
        if (failure.get() != null) {
            throw new IllegalStateException("permit cost run failed", failure.get());
        }
        Run[] pair = new Run[2];
        for (int l = 0; l < 2; l++) {
            List<Double> micros = new ArrayList<>();
            for (long[] row : nanos[l]) {
                for (long n : row) {
                    micros.add(n / 1_000.0);
                }
            }
            pair[l] = new Run(Stats.percentile(micros, 50), Stats.percentile(micros, 99),
                    micros.size() / (busy[l] / 1e9), sampler.meanWaiting(l), sampler.meanActive(l), micros.size());
        }
        return pair;
    }

    /**
     * Rewrites the budget row for the next round as a steady stream of {@code calls} calls leaves it:
     * one grant puts the newest bucket at the database's now, then {@code calls} go into
     * {@code min(calls, 237)} buckets spread evenly over the newest 237 (none leaves the window within
     * a second), every other slot stale. Slot {@code b % 241 + 1} holds bucket {@code b}, as the ledger
     * writes it; a bucket counts while it is one of the newest 241.
     */
    private static void prepare(Db db, JooqCallLedger ledger, int calls) {
        db.dsl.execute("UPDATE gemini_budget SET counts = array_fill(0, ARRAY[array_length(counts, 1)])");
        if (!ledger.tryAcquire(MODEL).isGranted()) {
            throw new IllegalStateException("the ring's reset left no room");
        }
        var row = db.dsl.fetchOne("SELECT last_bucket, array_length(counts, 1) FROM gemini_budget");
        long newest = row.get(0, Long.class);
        int slots = row.get(1, Integer.class);
        int holding = slots - HOLDING;
        int live = Math.min(calls, holding);
        Long[] buckets = new Long[slots];
        Integer[] counts = new Integer[slots];
        Arrays.fill(buckets, -1L);
        Arrays.fill(counts, 0);
        for (int j = 0; j < live; j++) {
            long bucket = newest - (long) j * holding / live; // ages 0 … holding − 1, all distinct
            int slot = (int) (bucket % slots);
            buckets[slot] = bucket;
            counts[slot] = calls / live + (j < calls % live ? 1 : 0);
        }
        db.dsl.execute("UPDATE gemini_budget SET buckets = ?::bigint[], counts = ?::int[]", buckets, counts);
    }

    /**
     * Samples every 20 ms, from {@link #start()} to {@link #finish()}, the database's backends waiting
     * on a lock, filed under {@link #phase}: the limit of the round running, or −1 between rounds.
     */
    private static final class LockSampler extends Thread {

        private final BenchDb server;
        private final Db db;
        volatile int phase = -1;
        private volatile boolean done;
        private final long[] samples = new long[2];
        private final long[] waiting = new long[2];
        private final long[] active = new long[2];

        LockSampler(BenchDb server, Db db) {
            super("permit-lock-sampler");
            setDaemon(true);
            this.server = server;
            this.db = db;
        }

        void finish() {
            done = true;
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(db.url, server.user, server.password);
                    var query = c.prepareStatement("""
                            SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),
                                   count(*) FILTER (WHERE state = 'active')
                            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""")) {
                while (!done) {
                    int now = phase;
                    if (now >= 0) {
                        try (ResultSet rows = query.executeQuery()) {
                            rows.next();
                            if (phase == now) { // still the same round: file it
                                waiting[now] += rows.getLong(1);
                                active[now] += rows.getLong(2);
                                samples[now]++;
                            }
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                Arrays.fill(samples, 0); // no figure rather than a wrong one
            }
        }

        /** Read after {@link #join()}. */
        double meanWaiting(int limit) {
            return samples[limit] == 0 ? Double.NaN : (double) waiting[limit] / samples[limit];
        }

        double meanActive(int limit) {
            return samples[limit] == 0 ? Double.NaN : (double) active[limit] / samples[limit];
        }
    }

    // ---------------------------------------------------------------- use under backlog

    /**
     * {@code threads} threads, far more than the limit needs, loop on one ledger for {@code length};
     * the simulator answers after 20–50 ms. Rows: the median share of the limit used in a sliding
     * 60 s window (100 ms steps, every window inside the run from the first call), and the most
     * calls in any 60 s window.
     */
    static void use(Bench bench, Results results, int limit, Duration length, int threads) throws Exception {
        String label = String.format(Locale.ROOT, "permits under backlog, %,d/min", limit);
        try (Db db = bench.freshDb("use" + limit);
                HikariDataSource pool = ConnectionPool.open(new DatabaseConfig(db.url, bench.server.user,
                        bench.server.password, 16), "permits-use-" + limit);
                GeminiSimulator simulator = Bench.simulator(Duration.ofMillis(20), Duration.ofMillis(50), 96)) {
            JooqCallLedger ledger = new JooqCallLedger(DSL.using(pool, SQLDialect.POSTGRES), "bench-node", limit);
            // a keep-alive connection per thread: the client's CPU stays small beside PostgreSQL's
            OkHttpClient client = new OkHttpClient.Builder()
                    .connectionPool(new okhttp3.ConnectionPool(threads, 1, TimeUnit.MINUTES)).build();
            Request request = new Request.Builder()
                    .url(simulator.baseUrl() + "/v1beta/models/" + MODEL + ":generateContent")
                    .post(RequestBody.create(SimulatorCeiling.BODY, MediaType.get("application/json")))
                    .build();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong errors = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<List<Double>> grantMicros = new ArrayList<>();
            List<List<Double>> refuseMicros = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Double> granted = new ArrayList<>();
                List<Double> refused = new ArrayList<>();
                grantMicros.add(granted);
                refuseMicros.add(refused);
                Thread worker = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            long start = System.nanoTime();
                            CallPermit permit = ledger.tryAcquire(MODEL);
                            double micros = (System.nanoTime() - start) / 1_000.0;
                            if (permit.isGranted()) {
                                granted.add(micros);
                                try (Response response = client.newCall(request).execute()) {
                                    response.body().bytes();
                                } catch (IOException e) {
                                    errors.incrementAndGet();
                                }
                            } else {
                                refused.add(micros);
                                Thread.sleep(permit.retryAfter().toMillis());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "use-" + limit + "-" + t);
                worker.setDaemon(true);
                workers.add(worker);
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long begin = System.nanoTime();
            workers.forEach(Thread::start);
            Bench.sleep(length);
            stop.set(true);
            Instant stopped = Instant.now();
            // a refused thread may sleep up to a bucket (255 ms) before it sees the flag
            for (Thread worker : workers) {
                worker.join(10_000);
            }
            double cores = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - begin);
            Bench.sleep(Duration.ofMillis(200)); // the simulator records a call once its latency has passed
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
            if (failure.get() != null) {
                throw new IllegalStateException("permit loop failed", failure.get());
            }
            List<Instant> arrivals = simulator.generateRequests().stream().map(ReceivedRequest::receivedAt).sorted()
                    .toList();
            long non200 = simulator.generateRequests().stream().filter(r -> r.status() != 200).count();
            List<Instant> logged = db.dsl.fetch("SELECT called_at FROM gemini_calls ORDER BY called_at")
                    .getValues(0, OffsetDateTime.class).stream().map(OffsetDateTime::toInstant).toList();
            if (arrivals.isEmpty()) {
                throw new IllegalStateException("no call reached the simulator");
            }
            Instant first = arrivals.get(0);
            List<Double> shares = Stats.countsInWindows(arrivals, first, stopped, MINUTE, Duration.ofMillis(100))
                    .stream().map(c -> 100.0 * c / limit).toList();
            double median = Stats.median(shares);
            int max = Stats.maxInAnyWindow(arrivals, MINUTE);
            int maxLogged = Stats.maxInAnyWindow(logged, MINUTE);
            List<Double> granted = grantMicros.stream().flatMap(List::stream).toList();
            List<Double> refused = refuseMicros.stream().flatMap(List::stream).toList();
            double seconds = Bench.seconds(first, stopped);
            results.add(label + ": limit used", Stats.fmt(median, 1) + " % of " + String.format(Locale.ROOT, "%,d",
                            limit) + " calls/min", "≥ 95 %" + (median >= 95 ? " (met)" : " (not met)"),
                    String.format(Locale.ROOT, "%d threads on one ledger looping permit → generateContent (keep-alive "
                                    + "OkHttp, simulator 20–50 ms) or sleep retryAfter, for %d s; calls at the "
                                    + "simulator in %,d sliding 60 s windows (100 ms steps) inside the %.0f s from the "
                                    + "first call: median %s %%, mean %s %%, min %s %%, max %s %%, first window %s %%; "
                                    + "%,d calls, %d errors, %d answered non-200; %,d refusals%s; permit p50/p99 "
                                    + "granted %s / %s µs, refused %s / %s µs (a pool of 16 connections); the suite's "
                                    + "JVM (threads and simulator) used %s cores",
                            threads, length.toSeconds(), shares.size(), seconds, Stats.fmt(median, 1),
                            Stats.fmt(shares.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), 1),
                            Stats.fmt(shares.isEmpty() ? Double.NaN : Collections.min(shares), 1),
                            Stats.fmt(shares.isEmpty() ? Double.NaN : Collections.max(shares), 1),
                            Stats.fmt(shares.isEmpty() ? Double.NaN : shares.get(0), 1), arrivals.size(),
                            errors.get(), non200, refused.size(), !refused.isEmpty() ? ""
                                    : String.format(Locale.ROOT, " (the window never filled: %s calls a second "
                                            + "against the %s the limit allows)",
                                            Stats.fmt(arrivals.size() / seconds, 0), Stats.fmt(limit / 60.0, 0)),
                            Stats.fmt(Stats.percentile(granted, 50), 0),
                            Stats.fmt(Stats.percentile(granted, 99), 0), Stats.fmt(Stats.percentile(refused, 50), 0),
                            Stats.fmt(Stats.percentile(refused, 99), 0), Stats.fmt(cores, 2)));
            results.add(label + ": most calls in 60 s", String.format(Locale.ROOT, "%,d calls", max),
                    String.format(Locale.ROOT, "≤ %,d", limit) + (max <= limit ? " (met)" : " (EXCEEDED)"),
                    String.format(Locale.ROOT, "busiest 60 s window of simulator arrivals over the whole run (%,d "
                                    + "calls); of the ledger's own log (gemini_calls, database clock): %,d",
                            arrivals.size(), maxLogged));
        }
    }
}
