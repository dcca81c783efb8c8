package io.personaengine.node;

import static io.personaengine.node.config.ConfigKeys.GEMINI_API_KEY;
import static io.personaengine.node.config.ConfigKeys.GEMINI_BASE_URL;
import static io.personaengine.node.config.ConfigKeys.GEMINI_IMAGE_MODEL;
import static io.personaengine.node.config.ConfigKeys.GEMINI_MODEL;

import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiException;
import io.personaengine.gemini.ModelAvailability;
import io.personaengine.node.config.ConfigException;
import io.personaengine.node.config.NodeConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of {@code GEMINI_MODEL} and {@code GEMINI_IMAGE_MODEL} against the models the
 * endpoint lists: a retired or unknown model, a key the endpoint refuses, or an endpoint that cannot
 * be reached stops the node with a {@link ConfigException} naming the key, instead of failing every
 * task later. The check has its own short timeouts, so a silent endpoint cannot hang start-up.
 */
final class ModelCheck {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);

    private ModelCheck() {}

    /** @throws ConfigException listing every problem found */
    static void require(NodeConfig config, GeminiClientConfig client) {
        Map<String, String> models = new LinkedHashMap<>();
        models.put(GEMINI_MODEL.key(), config.get(GEMINI_MODEL));
        models.put(GEMINI_IMAGE_MODEL.key(), config.get(GEMINI_IMAGE_MODEL));
        GeminiClientConfig quick = client.withTimeouts(
                min(client.connectTimeout(), CONNECT_TIMEOUT), min(client.readTimeout(), CALL_TIMEOUT),
                min(client.callTimeout(), CALL_TIMEOUT));
        List<String> problems;
        try (GeminiClient gemini = new GeminiClient(quick)) {
            problems = new ModelAvailability(gemini).problems(models);
        } catch (GeminiException e) {
            throw new ConfigException(List.of(listingFailed(e, client.baseUrl(), models)));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        log.info("Gemini models available at {}: {}", client.baseUrl(), models);
    }

    private static String listingFailed(GeminiException e, String baseUrl, Map<String, String> models) {
        String keys = String.join(" and ", models.keySet());
        boolean keyRefused = e.httpStatus() == 401 || e.httpStatus() == 403
                || e.reason().filter(reason -> reason.startsWith("API_KEY")).isPresent();
        if (keyRefused) {
            return GEMINI_API_KEY.key() + " is not accepted by " + baseUrl + ", so " + keys
                    + " cannot be checked: " + e.getMessage();
        }
        return GEMINI_BASE_URL.key() + "=" + baseUrl + " did not list its models, so " + keys
                + " cannot be checked (" + (e.retryable() ? "unreachable or failing" : "refused") + "): "
                + e.getMessage();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
