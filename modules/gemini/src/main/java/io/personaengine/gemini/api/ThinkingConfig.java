package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * How much a thinking model may reason. Gemini 2.5 models take {@code thinkingBudget} (0 turns
 * thinking off on Flash and Flash-Lite); 3.x models take {@code thinkingLevel} ({@code "minimal"},
 * {@code "low"}, {@code "medium"}, {@code "high"}). The API answers 400 when both are set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThinkingConfig(
        @Nullable Integer thinkingBudget, @Nullable String thinkingLevel, @Nullable Boolean includeThoughts) {

    public ThinkingConfig {
        if (thinkingBudget != null && thinkingLevel != null) {
            throw new IllegalArgumentException("set thinkingBudget or thinkingLevel, not both");
        }
        if (thinkingBudget != null && thinkingBudget < -1) {
            throw new IllegalArgumentException("thinkingBudget must be -1 (dynamic) or more: " + thinkingBudget);
        }
        if (thinkingLevel != null && thinkingLevel.isBlank()) {
            throw new IllegalArgumentException("thinkingLevel must not be blank");
        }
    }

    public static ThinkingConfig budget(int tokens) {
        return new ThinkingConfig(tokens, null, null);
    }

    public static ThinkingConfig level(String level) {
        return new ThinkingConfig(null, level, null);
    }
}
