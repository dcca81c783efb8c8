package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The body of a successful {@code generateContent} call. HTTP 200 does not mean an answer: a
 * blocked prompt has a {@code promptFeedback.blockReason} and no candidates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateContentResponse(
        List<Candidate> candidates,
        @Nullable PromptFeedback promptFeedback,
        @Nullable UsageMetadata usageMetadata,
        @Nullable String modelVersion,
        @Nullable String responseId) {

    public GenerateContentResponse {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** The first candidate; the service never asks for more than one. */
    public Optional<Candidate> firstCandidate() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** The answer text of the first candidate, thought parts excluded; empty when there is none. */
    public String text() {
        return firstCandidate().map(Candidate::text).orElse("");
    }

    /** The last non-thought inline data of the first candidate (a generated image). */
    public Optional<InlineData> lastInlineData() {
        return firstCandidate().flatMap(Candidate::lastInlineData);
    }

    /** Why the prompt was refused, if it was. */
    public Optional<BlockReason> blockReason() {
        return promptFeedback == null ? Optional.empty() : Optional.ofNullable(promptFeedback.blockReason());
    }

    /** The usage figures, or zeros when the server sent none. */
    public UsageMetadata usage() {
        return usageMetadata == null ? UsageMetadata.EMPTY : usageMetadata;
    }
}
