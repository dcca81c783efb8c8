package io.personaengine.node.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.personaengine.node.config.ConfigException;
import io.personaengine.node.metrics.NodeMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP endpoint, read-only, GET and HEAD:
 * <ul>
 *   <li>{@code /health}: 200 and JSON while the database answers and the node runs, else 503 and the
 *       reason (see {@link HealthCheck});
 *   <li>{@code /metrics}: the node's meters in Prometheus' text format;
 *   <li>{@code /}: the status page.
 * </ul>
 * It listens on every interface (the wildcard address), as a Prometheus server elsewhere must reach
 * it; it serves nothing secret and changes nothing, and a firewall decides who may connect. The
 * JDK's server with two daemon threads; responses go out with TCP_NODELAY.
 */
public final class HttpEndpoint implements AutoCloseable {

    static {
        // The JDK's server reads this once, when its first server is created; an explicit setting wins.
        // Without it, Nagle and delayed ACKs hold each small response about 40 ms.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** The page has no script and loads nothing; if escaping ever failed, nothing injected would run. */
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final HealthCheck health;
    private final NodeMetrics metrics;
    private final StatusPage page;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpEndpoint(HttpServer server, ExecutorService threads, HealthCheck health, NodeMetrics metrics,
            StatusPage page) {
        this.server = server;
        this.threads = threads;
        this.health = health;
        this.metrics = metrics;
        this.page = page;
    }

    /**
     * Listens on {@code port} of every interface and serves at once. Takes over {@code health} and
     * {@code page}: {@link #close()} closes them, and so does a failed start.
     *
     * @param port 1 to 65535, or 0 for any free port (see {@link #port()})
     * @throws ConfigException naming {@code HTTP_PORT} when the port cannot be opened, as a busy
     *     {@code JMX_PORT} does: a configuration error, exit code 2
     */
    public static HttpEndpoint start(int port, String nodeId, HealthCheck health, NodeMetrics metrics,
            StatusPage page) {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(metrics, "metrics");
        if (port < 0 || port > 65_535) {
            health.close();
            page.close();
            throw new IllegalArgumentException("HTTP port must be 0..65535: " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            health.close();
            page.close();
            throw new ConfigException(List.of("HTTP_PORT=" + port + " cannot be opened: " + e.getMessage()));
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "http-" + nodeId + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpEndpoint endpoint = new HttpEndpoint(server, threads, health, metrics, page);
        server.setExecutor(threads);
        server.createContext("/", endpoint::handle);
        server.start();
        log.info("node {} serves /health, /metrics and its status page on HTTP port {}", nodeId, endpoint.port());
        return endpoint;
    }

    /** The port it listens on: the one asked for, or the one chosen for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "only GET and HEAD\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health" -> {
                    HealthCheck.Health verdict = health.check();
                    send(exchange, verdict.up() ? 200 : 503, JSON, verdict.json() + "\n");
                }
                case "/metrics" -> send(exchange, 200, NodeMetrics.CONTENT_TYPE, metrics.scrape());
                case "/" -> {
                    StatusPage.Page rendered = page.render();
                    exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
                    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
                    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                    send(exchange, rendered.status(), HTML, rendered.html());
                }
                default -> send(exchange, 404, TEXT, "not found; try /, /health or /metrics\n");
            }
        } catch (IOException e) {
            log.debug("HTTP client went away", e);
        } catch (RuntimeException e) {
            log.warn("HTTP {} failed", exchange.getRequestURI().getPath(), e);
            try {
                send(exchange, 500, TEXT, "internal error; see the node's log\n");
            } catch (IOException | RuntimeException ignored) {
                // headers were sent already, or the client is gone
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops listening, drops open exchanges, and closes the health check and the page. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.close();
        page.close();
    }
}
