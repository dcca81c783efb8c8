package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Verdict on the prompt; a {@code blockReason} means no candidates were generated at all. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptFeedback(@Nullable BlockReason blockReason, List<SafetyRating> safetyRatings) {

    public PromptFeedback {
        safetyRatings = safetyRatings == null ? List.of() : List.copyOf(safetyRatings);
    }
}
