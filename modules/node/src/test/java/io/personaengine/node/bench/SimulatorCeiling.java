package io.personaengine.node.bench;

import io.personaengine.gemini.simulator.GeminiSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The simulator's own ceiling at 0 ms latency: {@code generateContent} requests per second answered
 * to 32 keep-alive OkHttp clients (the node's HTTP client) in the same JVM; client and server share
 * the cores, so this is a lower bound. The pipeline must stay far below it for the simulator not to be the bottleneck.
 */
final class SimulatorCeiling {

    private static final int CLIENTS = 32;
    static final String BODY = """
            {"contents":[{"role":"user","parts":[{"text":"<post>Cast iron or stainless steel?</post>"}]}],\
            "systemInstruction":{"parts":[{"text":"You are Ana, a friendly cook. Answer in two sentences."}]}}""";

    private SimulatorCeiling() {}

    /** @return the median requests/s */
    static double run(Bench bench) throws Exception {
        int runs = bench.quick ? 1 : 3;
        Duration measure = Duration.ofSeconds(bench.quick ? 3 : 5);
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            rates.add(once(Duration.ofSeconds(1), measure));
        }
        double median = Stats.median(rates);
        bench.results.add("Gemini simulator ceiling", Stats.fmt(median, 0) + " requests/s", "far above the pipeline",
                String.format("median of %d runs of %d s after 1 s warm-up (%s); %d keep-alive OkHttp clients in the "
                        + "suite's JVM, 0 ms latency, TCP_NODELAY (sun.net.httpserver.nodelay=%s)", runs,
                        measure.toSeconds(), Stats.list(rates, 0), CLIENTS,
                        System.getProperty("sun.net.httpserver.nodelay")));
        return median;
    }

    private static double once(Duration warmUp, Duration measure) throws Exception {
        try (GeminiSimulator simulator = Bench.simulator(Duration.ZERO, Duration.ZERO, 64)) {
            OkHttpClient client = new OkHttpClient.Builder()
                    .connectionPool(new ConnectionPool(CLIENTS, 1, TimeUnit.MINUTES)).build();
            Request request = new Request.Builder()
                    .url(simulator.baseUrl() + "/v1beta/models/gemini-3.5-flash-lite:generateContent")
                    .post(RequestBody.create(BODY, MediaType.get("application/json")))
                    .build();
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong answered = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                Thread thread = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            try (Response response = client.newCall(request).execute()) {
                                response.body().bytes();
                                if (response.code() != 200) {
                                    failed.incrementAndGet();
                                } else if (counting.get()) {
                                    answered.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                }, "ceiling-client-" + c);
                thread.setDaemon(true);
                thread.start();
            }
            Thread.sleep(warmUp.toMillis());
            long begin = System.nanoTime();
            counting.set(true);
            Thread.sleep(measure.toMillis());
            counting.set(false);
            long elapsed = System.nanoTime() - begin;
            stop.set(true);
            done.await();
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " simulator requests failed");
            }
            return answered.get() / (elapsed / 1e9);
        }
    }
}
