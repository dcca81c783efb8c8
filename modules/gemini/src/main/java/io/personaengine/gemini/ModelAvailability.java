package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import io.personaengine.gemini.api.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks configured models against {@code GET /v1beta/models}, every page of it: a model
 * that is not listed is retired or unknown, and one that is listed must support
 * {@code generateContent}. Meant for start-up, so a retired model stops the node instead of failing
 * every task with 404.
 */
public final class ModelAvailability {

    static final int MAX_NAMED = 30;

    private final GeminiClient client;

    public ModelAvailability(GeminiClient client) {
        this.client = requireNonNull(client, "client");
    }

    /**
     * What is wrong with each configured model, one readable line per model, naming its
     * configuration key; empty when every model can generate content.
     *
     * @param modelsByKey configuration key to bare model id, in the order to report
     * @throws GeminiException when the models cannot be listed
     */
    public List<String> problems(Map<String, String> modelsByKey) {
        List<ModelInfo> offered = client.listModels();
        List<String> problems = new ArrayList<>();
        modelsByKey.forEach((key, model) -> problem(key, model, offered).ifPresent(problems::add));
        return problems;
    }

    private Optional<String> problem(String key, String model, List<ModelInfo> offered) {
        Optional<ModelInfo> listed = offered.stream().filter(info -> info.id().equals(model)).findFirst();
        String where = key + "=" + model + " is ";
        if (listed.isEmpty()) {
            return Optional.of(where + "not offered by " + client.config().baseUrl() + ": retired or unknown; "
                    + generating(offered));
        }
        if (!listed.get().supportsGenerateContent()) {
            return Optional.of(where + "offered by " + client.config().baseUrl() + " but cannot generateContent "
                    + "(it supports: " + String.join(", ", listed.get().supportedGenerationMethods()) + "); "
                    + generating(offered));
        }
        return Optional.empty();
    }

    private static String generating(List<ModelInfo> offered) {
        List<String> ids = offered.stream()
                .filter(ModelInfo::supportsGenerateContent)
                .map(ModelInfo::id)
                .sorted()
                .toList();
        if (ids.isEmpty()) {
            return "no listed model can generateContent";
        }
        String named = String.join(", ", ids.subList(0, Math.min(ids.size(), MAX_NAMED)));
        return "models that can generateContent: " + named
                + (ids.size() > MAX_NAMED ? " … and " + (ids.size() - MAX_NAMED) + " more" : "");
    }
}
