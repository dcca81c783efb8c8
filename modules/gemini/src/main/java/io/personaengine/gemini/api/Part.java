package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One part of a {@link Content}: text or inline data. {@code thought} marks thinking output, which
 * must never be published; {@code thoughtSignature} is opaque and only sent back in multi-turn use.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Part(
        @Nullable String text,
        @Nullable InlineData inlineData,
        @Nullable Boolean thought,
        @Nullable String thoughtSignature) {

    public static Part text(String text) {
        return new Part(text, null, null, null);
    }

    public static Part inlineData(InlineData data) {
        return new Part(null, data, null, null);
    }

    /** True when the model flagged this part as thinking rather than answer. */
    public boolean thoughtPart() {
        return Boolean.TRUE.equals(thought);
    }
}
