package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gemini-compatible HTTP server on 127.0.0.1 for the demo, tests and benchmarks. It serves
 * {@code generateContent} with canned answers in the real JSON shapes (text, structured JSON, or a
 * small PNG when {@code responseModalities} asks for IMAGE) and {@code GET /v1beta/models}. Failures
 * are injected with {@link #failNext(int, Failure)} or at random through
 * {@link SimulatorConfig#withFailureRate(Failure, double)}; {@link SimulatorConfig#maxCallsPerMinute()}
 * turns on a sliding-window quota answered with 429 and RetryInfo.
 *
 * <pre>{@code
 * try (GeminiSimulator simulator = GeminiSimulator.builder().seed(7).maxCallsPerMinute(60).build().start()) {
 *     simulator.failNext(2, Failure.unavailable());
 *     GeminiClient client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
 *     ...
 *     assertThat(simulator.generateRequests()).hasSize(3);
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #baseUrl()}; {@link #close()} stops the server and
 * its pool and is idempotent. Thread-safe: requests are answered on a pool of daemon threads named
 * {@code gemini-simulator-N}, and every request is recorded before it is answered, so a client that
 * got its answer always finds its request in {@link #requests()}. Records stay in memory until
 * {@link #clearRequests()}.
 */
public final class GeminiSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeminiSimulator.class);
    private static final Pattern GENERATE = Pattern.compile("/v1beta/models/([^/:]+):generateContent");
    private static final Pattern MODEL = Pattern.compile("/v1beta/models/([^/:]+)");
    private static final String API_KEY_HEADER = "x-goog-api-key";

    static {
        // TCP_NODELAY on answers (else Nagle and delayed ACKs hold each small answer ~40 ms). The JDK's
        // HttpServer reads this once, when its first server is created; an explicit setting wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final SimulatorConfig config;
    private final FailurePlan failures;
    private final GenerateEndpoint generate;
    private final ModelsEndpoint models;
    private final ConcurrentLinkedQueue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
    private @Nullable HttpServer server;
    private @Nullable ExecutorService pool;
    private boolean closed;

    public GeminiSimulator(SimulatorConfig config) {
        this(config, CallWindow.WINDOW);
    }

    /**
     * @param quotaWindow the window {@link SimulatorConfig#maxCallsPerMinute()} applies to: a minute,
     *     shorter in tests that scale time down
     */
    public GeminiSimulator(SimulatorConfig config, java.time.Duration quotaWindow) {
        this.config = requireNonNull(config, "config");
        this.failures = new FailurePlan(config.failureRates(), config.seed());
        this.generate = new GenerateEndpoint(config, failures, requireNonNull(quotaWindow, "quotaWindow"));
        this.models = new ModelsEndpoint(config.models());
    }

    /** A builder starting from {@link SimulatorConfig#defaults()}. */
    public static GeminiSimulatorBuilder builder() {
        return new GeminiSimulatorBuilder();
    }

    /** Binds the port and starts answering. */
    public synchronized GeminiSimulator start() {
        if (closed || server != null) {
            throw new IllegalStateException(closed ? "simulator is closed" : "simulator already started");
        }
        try {
            HttpServer http = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
            pool = Executors.newFixedThreadPool(config.threads(), daemonThreads());
            http.setExecutor(pool);
            http.createContext("/", this::handle);
            http.start();
            server = http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the Gemini simulator to port " + config.port(), e);
        }
        log.info("Gemini simulator listening on {} ({})", baseUrl(), config);
        return this;
    }

    /** Where to point a client, such as {@code http://127.0.0.1:40123}. */
    public synchronized String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("simulator not started");
        }
        return server.getAddress().getPort();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The next {@code times} generate calls that pass validation and the call limit fail with {@code failure}. */
    public void failNext(int times, Failure failure) {
        failures.failNext(times, failure);
    }

    /**
     * The next {@code times} generate calls to {@code model} that pass validation and the call limit
     * fail with {@code failure}, before any failure queued for all models; calls to other models are
     * not affected (an image model refusing while the text model answers).
     */
    public void failNext(String model, int times, Failure failure) {
        failures.failNext(model, times, failure);
    }

    /** Drops failures queued with {@link #failNext}; random failure rates stay. */
    public void clearFailures() {
        failures.clear();
    }

    /** Every request received so far, in the order they were answered ({@code receivedAt} is the arrival). */
    public List<ReceivedRequest> requests() {
        return List.copyOf(received);
    }

    /** The {@code generateContent} calls received so far, in the order they were answered. */
    /**
     * The input tokens the simulator charged {@code request} in its answer's usage (its own count of
     * about four characters per token); 0 for a body it could not read.
     */
    public static int promptTokens(ReceivedRequest request) {
        try {
            return CannedAnswer.promptTokens(io.personaengine.gemini.api.GeminiJson.read(
                    request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    io.personaengine.gemini.api.GenerateContentRequest.class));
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    public List<ReceivedRequest> generateRequests() {
        return received.stream().filter(ReceivedRequest::generateContent).toList();
    }

    /** How many {@code generateContent} calls arrived in {@code [from, to)}. */
    public long generateCallsBetween(Instant from, Instant to) {
        return received.stream()
                .filter(ReceivedRequest::generateContent)
                .filter(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to))
                .count();
    }

    public void clearRequests() {
        received.clear();
    }

    /** Stops listening at once and stops the pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Gemini simulator stopped after {} requests", received.size());
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Instant now = config.clock().instant();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
            String path = exchange.getRequestURI().getRawPath();
            Matcher generateCall = GENERATE.matcher(path);
            String model = generateCall.matches() ? generateCall.group(1) : null;
            SimulatedReply reply;
            try {
                reply = route(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                        model, body, key, now);
            } catch (RuntimeException e) {
                log.warn("Gemini simulator failed on {} {}; answering 500", exchange.getRequestMethod(), path, e);
                reply = SimulatedReply.error(500, "INTERNAL", "The simulator failed: " + e);
            }
            received.add(new ReceivedRequest(now, exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    model, new String(body, StandardCharsets.UTF_8), key != null, reply.status()));
            send(exchange, reply);
        } catch (IOException e) {
            log.debug("Gemini simulator: exchange ended early: {}", e.toString()); // the client went away
        }
    }

    private SimulatedReply route(
            String method, String path, @Nullable String query, @Nullable String model, byte[] body,
            @Nullable String key, Instant now) {
        SimulatedReply authFailure = checkKey(key);
        if (authFailure != null) {
            return authFailure;
        }
        if (model != null && method.equals("POST")) {
            return generate.answer(model, body, now);
        }
        if (method.equals("GET") && path.equals("/v1beta/models")) {
            return models.list(query);
        }
        Matcher modelPath = MODEL.matcher(path);
        if (method.equals("GET") && modelPath.matches()) {
            return models.get(modelPath.group(1));
        }
        return SimulatedReply.notFound("The requested URL " + method + " " + path + " was not found on this server.");
    }

    private @Nullable SimulatedReply checkKey(@Nullable String key) {
        String expected = config.expectedApiKey();
        if (expected == null) {
            return null;
        }
        if (key == null) {
            return SimulatedReply.error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers "
                    + "(callers without established identity). Please use API Key or other form of API consumer "
                    + "identity to call this API.");
        }
        boolean matches = MessageDigest.isEqual(
                key.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        return matches ? null : SimulatedReply.apiKeyInvalid();
    }

    private static void send(HttpExchange exchange, SimulatedReply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        if (reply == SimulatedReply.DISCONNECT) {
            // promise more than is sent: closing then drops the connection mid-body
            exchange.sendResponseHeaders(200, 1024);
            exchange.getResponseBody().write("{\"candidates\":[".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "gemini-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
