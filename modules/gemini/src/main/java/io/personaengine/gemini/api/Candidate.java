package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One generated answer. {@code content} can be absent, for example when a filter withheld the
 * answer or thinking used up {@code maxOutputTokens}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Candidate(
        @Nullable Content content,
        @Nullable FinishReason finishReason,
        @Nullable String finishMessage,
        List<SafetyRating> safetyRatings,
        @Nullable Integer index) {

    public Candidate {
        safetyRatings = safetyRatings == null ? List.of() : List.copyOf(safetyRatings);
    }

    /** The parts of the answer, empty when there is no content. */
    public List<Part> parts() {
        return content == null ? List.of() : content.parts();
    }

    /** Every non-thought text part, concatenated; empty when there is none. */
    public String text() {
        return content == null ? "" : content.text();
    }

    /** True when the answer has parts but every one of them is a thought. */
    public boolean thoughtsOnly() {
        return !parts().isEmpty() && parts().stream().allMatch(Part::thoughtPart);
    }

    /** The last non-thought inline data part (earlier ones can be drafts of an image). */
    public Optional<InlineData> lastInlineData() {
        InlineData last = null;
        for (Part part : parts()) {
            if (!part.thoughtPart() && part.inlineData() != null) {
                last = part.inlineData();
            }
        }
        return Optional.ofNullable(last);
    }
}
