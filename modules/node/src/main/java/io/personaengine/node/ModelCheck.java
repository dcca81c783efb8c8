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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of {@code GEMINI_MODEL} and {@code GEMINI_IMAGE_MODEL} against the models the
 * endpoint lists. Only a definitive answer stops the node: a model the endpoint does not offer, with
 * a {@link ConfigException} naming the key (exit 2). A key the endpoint refuses, or an endpoint that
 * cannot be reached or fails, is an outage, not a configuration error: the node waits, says why,
 * and checks again with growing pauses (up to a minute) until the endpoint answers. Each check has
 * its own short timeouts, so a silent endpoint cannot hang it.
 */
final class ModelCheck {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);

    private ModelCheck() {}

    /** @throws ConfigException listing every model the endpoint does not offer */
    static void require(NodeConfig config, GeminiClientConfig client) {
        require(config, client, FIRST_WAIT);
    }

    /** @param firstWait the pause after the first failed check; it doubles up to a minute */
    static void require(NodeConfig config, GeminiClientConfig client, Duration firstWait) {
        Duration wait = firstWait;
        while (true) {
            Check check = check(config, client);
            if (check.outage() == null) {
                if (!check.problems().isEmpty()) {
                    throw new ConfigException(check.problems());
                }
                log.info("Gemini models available at {}: {}", client.baseUrl(), check.models());
                return;
            }
            log.warn("{}; the node waits and checks again in {} ms", check.outage(), wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Gemini to answer", e);
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    /**
     * What one listing said.
     *
     * @param problems models the endpoint does not offer (definitive)
     * @param outage why the models could not be checked now, or null when they were
     */
    record Check(Map<String, String> models, List<String> problems, @Nullable String outage) {}

    static Check check(NodeConfig config, GeminiClientConfig client) {
        Map<String, String> models = new LinkedHashMap<>();
        models.put(GEMINI_MODEL.key(), config.get(GEMINI_MODEL));
        models.put(GEMINI_IMAGE_MODEL.key(), config.get(GEMINI_IMAGE_MODEL));
        GeminiClientConfig quick = client.withTimeouts(
                min(client.connectTimeout(), CONNECT_TIMEOUT), min(client.readTimeout(), CALL_TIMEOUT),
                min(client.callTimeout(), CALL_TIMEOUT));
        try (GeminiClient gemini = new GeminiClient(quick)) {
            return new Check(models, new ModelAvailability(gemini).problems(models), null);
        } catch (GeminiException e) {
            return new Check(models, List.of(), listingFailed(e, client.baseUrl(), models));
        }
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
