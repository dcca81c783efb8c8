package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.config.ConfigException;
import io.personaengine.node.http.HealthCheck;
import io.personaengine.node.http.HttpEndpoint;
import io.personaengine.node.http.Secrets;
import io.personaengine.node.http.StatusPage;
import io.personaengine.node.metrics.NodeMetrics;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.OperatorPauses;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;

/**
 * A node with HTTP_PORT set, on PostgreSQL and the simulator: {@code /health} follows the database
 * for real (connections refused and cut, then allowed again), {@code /metrics} parses as Prometheus
 * text and moves when a task runs, and the status page renders in headless Chromium with hostile
 * text shown as text. A busy port stops the start as a configuration error; a health reason that
 * quotes a secret comes out scrubbed (an endpoint of its own over a pool that fails on purpose).
 */
class HttpEndpointTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final String NODE = "node-http";
    private static final String MODEL = "gemini-3.5-flash-lite";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String HOSTILE = "<img src=x onerror=alert(1)><script>document.title='owned'</script>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private PersonaNode node;
    private long persona;
    private long post;

    @BeforeEach
    void start() throws Exception {
        TestNodes.emptyDatabase(dsl);
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        persona = forum.persona("ana", "Ana <b>the cook</b>", "friendly", List.of("cooking"), false);
        post = forum.post(board, maria, "Cast iron", "How do you season it?", List.of("cooking"));
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'"); // the picker leaves old posts alone
        node = PersonaNode.start(TestNodes.config(db, simulator, NODE, "HTTP_PORT", String.valueOf(freePort())));
    }

    @AfterEach
    void stop() {
        node.close();
        simulator.close();
    }

    @Test
    void healthIsUpWhileTheDatabaseAnswersAndDownWithTheReasonWhileItRefusesConnections() throws Exception {
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode healthy = JSON.readTree(up.body());
        assertThat(healthy.path("status").asText()).isEqualTo("UP");
        assertThat(healthy.path("node").asText()).isEqualTo(NODE);
        assertThat(healthy.path("database").asText()).isEqualTo("UP");
        assertThat(healthy.path("scheduler").asText()).isEqualTo("RUNNING");
        assertThat(healthy.has("reason")).isFalse();

        try (Connection admin = adminConnection()) {
            try {
                execute(admin, "ALTER DATABASE \"" + db.databaseName() + "\" ALLOW_CONNECTIONS false");
                execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + db.databaseName() + "' AND pid <> pg_backend_pid()");

                HttpResponse<String> down = await().atMost(Duration.ofSeconds(20))
                        .until(() -> get("/health"), response -> response.statusCode() == 503);
                JsonNode unhealthy = JSON.readTree(down.body());
                assertThat(unhealthy.path("status").asText()).isEqualTo("DOWN");
                assertThat(unhealthy.path("database").asText()).isEqualTo("DOWN");
                assertThat(unhealthy.path("reason").asText()).startsWith("the database did not answer");

                long began = System.nanoTime();
                assertThat(get("/health").statusCode()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - began))
                        .as("a probe waits for the database at most 2 s").isLessThan(Duration.ofSeconds(4));
            } finally {
                execute(admin, "ALTER DATABASE \"" + db.databaseName() + "\" ALLOW_CONNECTIONS true");
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/health").statusCode() == 200);
    }

    @Test
    void aHaltedNodeIsDownThoughItsDatabaseAnswers() throws Exception {
        node.halt();

        HttpResponse<String> down = get("/health");

        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(down.body());
        assertThat(body.path("database").asText()).isEqualTo("UP");
        assertThat(body.path("scheduler").asText()).isEqualTo("SHUT_DOWN");
        assertThat(body.path("reason").asText()).contains("scheduler is shut down");
    }

    @Test
    void metricsParseAsPrometheusTextAndMoveWhenATaskRuns() throws Exception {
        HttpResponse<String> before = get("/metrics");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        PrometheusText idle = PrometheusText.parse(before.body());
        assertThat(idle.families()).containsKeys("persona_engine_tasks", "persona_engine_task_start_lag_seconds",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "system_cpu_count", "process_uptime_seconds", "hikaricp_connections_active");
        assertThat(idle.families().keySet()).anyMatch(name -> name.startsWith("jvm_gc_"));
        assertThat(idle.family("persona_engine_tasks").samples()).hasSize(TaskType.values().length * 4)
                .allMatch(sample -> sample.labels().get("node").equals(NODE));
        assertThat(idle.value("persona_engine_tasks_done_total")).isZero();
        assertThat(idle.value("persona_engine_gemini_calls_total", "model", MODEL, "outcome", "ok")).isZero();
        assertThat(idle.value("persona_engine_gemini_rate_limited_total", "model", MODEL)).isZero();

        new JooqTaskStore(dsl).schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));

        PrometheusText after = await().atMost(Duration.ofSeconds(20)).until(
                () -> PrometheusText.parse(get("/metrics").body()),
                m -> m.value("persona_engine_tasks_done_total") == 1
                        && m.value("persona_engine_tasks", "type", "COMMENT", "status", "PENDING") == 0
                        && m.value("persona_engine_tasks", "type", "COMMENT", "status", "RUNNING") == 0);
        assertThat(after.value("persona_engine_tasks_claimed_total", "node", NODE)).isEqualTo(1);
        assertThat(after.value("persona_engine_tasks_failed_total")).isZero();
        assertThat(after.value("persona_engine_tasks", "type", "COMMENT", "status", "DONE"))
                .as("finished tasks are counted at most once a minute: still the count of the first scrape")
                .isZero();
        assertThat(after.value("persona_engine_gemini_calls_total", "model", MODEL, "outcome", "ok")).isEqualTo(1);
        assertThat(after.value("persona_engine_gemini_tokens_total", "model", MODEL, "direction", "in")).isPositive();
        assertThat(after.value("persona_engine_gemini_tokens_total", "model", MODEL, "direction", "out")).isPositive();
        assertThat(after.value("persona_engine_task_start_lag_seconds_count", "type", "COMMENT")).isEqualTo(1);
        assertThat(after.value("persona_engine_task_start_lag_seconds_bucket", "type", "COMMENT", "le", "+Inf"))
                .isEqualTo(1);
        assertThat(after.value("persona_engine_gemini_permit_wait_seconds_count", "model", MODEL,
                "outcome", "granted")).isEqualTo(1);
        assertThat(after.value("hikaricp_connections_max", "pool", "pool-" + NODE)).isEqualTo(4);
    }

    @Test
    void onlyGetAndHeadOfTheThreePathsAreServed() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void smallResponsesOnAKeptAliveConnectionLeaveAtOnce() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404); // connected; the client keeps the connection

        long began = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertThat(get("/nope").statusCode()).isEqualTo(404);
        }

        // headers and body go out as two writes: without TCP_NODELAY the body waits for the client's
        // delayed ACK, about 40 ms a response, 8 s for 200
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("200 requests on one connection")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBusyHttpPortStopsTheStartAsAConfigurationErrorNamingTheKey() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) { // every interface, as the endpoint binds
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> PersonaNode.start(TestNodes.config(db, simulator, "node-busy",
                    "HTTP_PORT", String.valueOf(port))).close())
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .asString().startsWith("HTTP_PORT=" + port + " cannot be opened: "));
        }
    }

    @Test
    void aHealthReasonNeverCarriesAConfiguredSecret() throws Exception {
        String secret = "pw-sentinel-4711";
        Secrets secrets = Secrets.of(List.of(secret));
        DataSource refusing = proxy(DataSource.class, method -> {
            if (method.equals("getConnection")) {
                throw new SQLException("FATAL: password " + secret + " refused for jdbc:postgresql://db/forum"
                        + "?password=url-only-pw");
            }
            throw new UnsupportedOperationException(method);
        });
        Scheduler running = proxy(Scheduler.class, method -> switch (method) {
            case "isStarted" -> true;
            case "isShutdown", "isInStandbyMode" -> false;
            default -> throw new UnsupportedOperationException(method);
        });
        try (NodeMetrics metrics = NodeMetrics.create("node-secret", List.of());
                HttpEndpoint endpoint = HttpEndpoint.start(0, "node-secret",
                        new HealthCheck("node-secret", refusing, running, () -> false, secrets), metrics,
                        new StatusPage("node-secret", 60, Duration.ofSeconds(10), dsl, secrets))) {
            HttpResponse<String> down = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/health")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).path("reason").asText())
                    .isEqualTo("the database did not answer: FATAL: password **** refused for "
                            + "jdbc:postgresql://db/forum?password=****");
            assertThat(down.body()).doesNotContain(secret, "url-only-pw");
        }
    }

    /** An implementation of {@code type} that answers every call by its method's name. */
    private static <T> T proxy(Class<T> type, ThrowingFunction answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, arguments) -> answer.apply(method.getName())));
    }

    private interface ThrowingFunction {
        Object apply(String method) throws Exception;
    }

    @Test
    void theStatusPageRendersInAHeadlessBrowserWithHostileTextAsText(@TempDir Path temp) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is missing under CI; .ci/run installs it");
            }
            Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium); the page is not rendered");
        }
        new OperatorPauses(dsl).pauseType(TaskType.VOTE, "ops <on call>");
        new JooqTaskStore(dsl).schedule(List.of(NewTask.comment(persona, post, Duration.ofHours(1), 3)));
        dsl.execute("""
                INSERT INTO persona_task_attempts (task_id, attempt_no, node_id, claim_token, finished_at, outcome,
                                                   error_message)
                SELECT id, 1, 'node-x', gen_random_uuid(), now(), 'FAILED', ? FROM persona_tasks""", HOSTILE);
        assertThat(get("/").statusCode()).isEqualTo(200);

        String dom = chromium(temp, "--dump-dom", uri("/").toString());

        assertThat(dom).contains("<strong id=\"node\">" + NODE + "</strong>", "<table id=\"queue\">",
                "<table id=\"nodes\">", "<table id=\"attempts\">", "type VOTE", "by ops &lt;on call&gt;",
                "Calls in the last minute");
        assertThat(dom).as("the hostile error is text").contains(
                "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;");
        assertThat(dom).as("no element came out of the database").doesNotContain("<img", "<script", "<b>")
                .contains("Ana &lt;b&gt;the cook&lt;/b&gt;");
        assertThat(dom).contains("<title>Persona Engine: " + NODE + "</title>");

        Path png = Path.of("target", "status-page.png").toAbsolutePath(); // kept for a person to look at
        Files.deleteIfExists(png);
        chromium(temp, "--screenshot=" + png, "--window-size=1200,900", uri("/").toString());
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(colours(image)).as("text and tables, not a blank page").isGreaterThan(20);
    }

    /** Runs headless Chromium on a fresh profile; its standard output, or a failure with its log. */
    private static String chromium(Path temp, String... arguments) throws Exception {
        Path profile = Files.createTempDirectory(temp, "chromium-profile");
        Path log = Files.createTempFile(temp, "chromium", ".log");
        Path out = Files.createTempFile(temp, "chromium", ".out");
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail("chromium took over 60 s:\n" + Files.readString(log));
            }
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("chromium's exit code; its log:\n%s", Files.readString(log)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort().orElseThrow() + path);
    }

    /** Any free port now; the node binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** To the server's {@code postgres} database, as the test database's user. */
    private static Connection adminConnection() throws SQLException {
        String url = db.jdbcUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String admin = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        Properties credentials = new Properties();
        credentials.setProperty("user", db.databaseConfig().user());
        credentials.setProperty("password", db.databaseConfig().password());
        return DriverManager.getConnection(admin, credentials);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
