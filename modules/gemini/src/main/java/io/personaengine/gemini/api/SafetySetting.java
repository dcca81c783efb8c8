package io.personaengine.gemini.api;

import static java.util.Objects.requireNonNull;

/** One entry of {@code safetySettings}: at most one per category. */
public record SafetySetting(HarmCategory category, HarmBlockThreshold threshold) {

    public SafetySetting {
        requireNonNull(category, "category");
        requireNonNull(threshold, "threshold");
        if (category == HarmCategory.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is not a category the API accepts");
        }
    }
}
