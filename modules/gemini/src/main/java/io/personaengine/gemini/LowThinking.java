package io.personaengine.gemini;

import io.personaengine.gemini.api.ThinkingConfig;
import java.util.Optional;

/**
 * The least thinking each model family accepts. Short forum comments need little reasoning, and
 * thinking tokens count against {@code maxOutputTokens}. Sending the wrong field for a family is a
 * 400, so unknown families get no thinking config at all.
 */
final class LowThinking {

    private LowThinking() {}

    static Optional<ThinkingConfig> forModel(String model) {
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (id.startsWith("gemini-2.5")) {
            return Optional.of(ThinkingConfig.budget(0));
        }
        if (id.startsWith("gemini-3")) {
            return Optional.of(ThinkingConfig.level("low"));
        }
        return Optional.empty();
    }
}
