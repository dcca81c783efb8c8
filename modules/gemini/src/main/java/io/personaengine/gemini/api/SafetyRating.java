package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** One safety verdict on a prompt or a candidate; {@code blocked} is true for the one that fired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SafetyRating(
        @Nullable HarmCategory category, @Nullable HarmProbability probability, @Nullable Boolean blocked) {

    /** True when this rating caused the block. */
    public boolean fired() {
        return Boolean.TRUE.equals(blocked);
    }
}
