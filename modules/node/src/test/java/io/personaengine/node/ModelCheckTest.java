package io.personaengine.node;

import static io.personaengine.node.config.ConfigKeys.GEMINI_API_KEY;
import static io.personaengine.node.config.ConfigKeys.GEMINI_BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.config.ConfigException;
import io.personaengine.node.config.NodeConfig;
import java.io.IOException;
import java.time.Duration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up model check against the simulator's model list; no database needed. */
class ModelCheckTest {

    private static final String OFFERED = "gemini-3.1-flash-image, gemini-3.5-flash-lite, gemini-3.8-flash";

    private GeminiSimulator simulator;

    @BeforeEach
    void start() {
        simulator = GeminiSimulator.builder().expectedApiKey("sim-key").build().start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static NodeConfig config(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return NodeConfig.of(values);
    }

    private NodeConfig simulated(String... keysAndValues) {
        Map<String, String> values = new HashMap<>(Map.of("GEMINI_BASE_URL", simulator.baseUrl(),
                "GEMINI_API_KEY", "sim-key"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return NodeConfig.of(values);
    }

    private static ConfigException failure(NodeConfig config) {
        GeminiClientConfig client = GeminiClientConfig.defaults()
                .withBaseUrl(config.get(GEMINI_BASE_URL))
                .withApiKey(config.optional(GEMINI_API_KEY).orElse(null));
        return catchThrowableOfType(ConfigException.class, () -> ModelCheck.require(config, client));
    }

    @Test
    void theDefaultModelsPassAgainstTheSimulatorWithOneListing() {
        assertThat(failure(simulated())).isNull();
        assertThat(simulator.requests()).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo("/v1beta/models"));
    }

    @Test
    void aRetiredModelStopsStartUpNamingItsKeyAndWhatIsOffered() {
        ConfigException e = failure(simulated("GEMINI_MODEL", "gemini-2.0-flash"));

        assertThat(e.problems()).containsExactly("GEMINI_MODEL=gemini-2.0-flash is not offered by "
                + simulator.baseUrl() + ": retired or unknown; models that can generateContent: " + OFFERED);
    }

    @Test
    void bothModelsAreCheckedAndReportedTogether() {
        ConfigException e = failure(simulated("GEMINI_MODEL", "gemini-2.5-pro",
                "GEMINI_IMAGE_MODEL", "imagen-4.0-generate-001"));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).startsWith("GEMINI_MODEL=gemini-2.5-pro is not offered");
        assertThat(e.problems().get(1)).startsWith("GEMINI_IMAGE_MODEL=imagen-4.0-generate-001 is not offered");
    }

    @Test
    void aRefusedKeyIsAnOutageToWaitOutNamedWithoutRevealingTheKey() {
        ModelCheck.Check check = ModelCheck.check(simulated("GEMINI_API_KEY", "wrong-secret-key"),
                client(simulated("GEMINI_API_KEY", "wrong-secret-key")));

        assertThat(check.problems()).isEmpty();
        assertThat(check.outage())
                .startsWith("GEMINI_API_KEY is not accepted by " + simulator.baseUrl())
                .contains("GEMINI_MODEL and GEMINI_IMAGE_MODEL cannot be checked", "API_KEY_INVALID")
                .doesNotContain("wrong-secret-key");
    }

    @Test
    void anUnreachableEndpointIsAnOutageNotAConfigurationError() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        ModelCheck.Check check = ModelCheck.check(config("GEMINI_BASE_URL", url), client(config("GEMINI_BASE_URL", url)));

        assertThat(check.problems()).isEmpty();
        assertThat(check.outage()).startsWith("GEMINI_BASE_URL=" + url + " did not list its models, so GEMINI_MODEL "
                + "and GEMINI_IMAGE_MODEL cannot be checked (unreachable or failing)");
    }

    @Test
    void startUpWaitsThroughAnOutageAndGoesOnOnceTheEndpointAnswers() throws Exception {
        int port = freePort();
        NodeConfig config = config("GEMINI_BASE_URL", "http://127.0.0.1:" + port);
        var waiting = java.util.concurrent.CompletableFuture.runAsync(
                () -> ModelCheck.require(config, client(config), Duration.ofMillis(100)));
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(waiting).as("still waiting for the endpoint").isNotDone();

        try (GeminiSimulator late = GeminiSimulator.builder().port(port).build().start()) {
            waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(late.requests()).isNotEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static GeminiClientConfig client(NodeConfig config) {
        return GeminiClientConfig.defaults()
                .withBaseUrl(config.get(GEMINI_BASE_URL))
                .withApiKey(config.optional(GEMINI_API_KEY).orElse(null));
    }

    @Test
    void theNodeDoesNotStartWithARetiredModel() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PersonaNode.start(simulated("GEMINI_IMAGE_MODEL", "gemini-2.5-flash-image")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("GEMINI_IMAGE_MODEL=gemini-2.5-flash-image is not offered");
    }
}
