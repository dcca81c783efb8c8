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
    void aRefusedKeyIsNamedWithoutRevealingIt() {
        ConfigException e = failure(simulated("GEMINI_API_KEY", "wrong-secret-key"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("GEMINI_API_KEY is not accepted by " + simulator.baseUrl())
                .contains("GEMINI_MODEL and GEMINI_IMAGE_MODEL cannot be checked", "API_KEY_INVALID")
                .doesNotContain("wrong-secret-key");
    }

    @Test
    void anUnreachableEndpointStopsStartUpAtOnce() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        ConfigException e = failure(config("GEMINI_BASE_URL", url));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("GEMINI_BASE_URL=" + url + " did not list its models, so GEMINI_MODEL and "
                        + "GEMINI_IMAGE_MODEL cannot be checked (unreachable or failing)");
    }

    @Test
    void theNodeDoesNotStartWithARetiredModel() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PersonaNode.start(simulated("GEMINI_IMAGE_MODEL", "gemini-2.5-flash-image")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("GEMINI_IMAGE_MODEL=gemini-2.5-flash-image is not offered");
    }
}
