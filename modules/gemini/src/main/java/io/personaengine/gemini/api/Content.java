package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A turn: a role ({@code "user"} or {@code "model"}; none for a system instruction) and its parts.
 * Answers can come back without {@code parts}; they then read as an empty list.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Content(@Nullable String role, List<Part> parts) {

    public Content {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static Content user(String text) {
        return new Content("user", List.of(Part.text(text)));
    }

    /** A system instruction: text only, no role. */
    public static Content system(String text) {
        return new Content(null, List.of(Part.text(text)));
    }

    /** The answer text: every non-thought text part, concatenated in order. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (!part.thoughtPart() && part.text() != null) {
                text.append(part.text());
            }
        }
        return text.toString();
    }
}
