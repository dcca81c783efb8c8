package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of one call. Absent counts read as 0. Thoughts are billed as output but are not part
 * of {@code candidatesTokenCount}; the tokens of a generated image are, and
 * {@code candidatesTokensDetails} tells them apart by modality.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageMetadata(int promptTokenCount, int candidatesTokenCount, int thoughtsTokenCount,
        int totalTokenCount, @Nullable List<ModalityTokenCount> candidatesTokensDetails) {

    public static final UsageMetadata EMPTY = new UsageMetadata(0, 0, 0, 0);

    /** Output tokens of one modality ({@code TEXT}, {@code IMAGE}…). */
    public record ModalityTokenCount(@Nullable String modality, int tokenCount) {}

    public UsageMetadata(int promptTokenCount, int candidatesTokenCount, int thoughtsTokenCount, int totalTokenCount) {
        this(promptTokenCount, candidatesTokenCount, thoughtsTokenCount, totalTokenCount, null);
    }

    /** Billed output: answer plus thinking. */
    public int outputTokens() {
        return candidatesTokenCount + thoughtsTokenCount;
    }

    /**
     * The output tokens of generated images: those itemized as IMAGE, or, when the answer itemizes
     * nothing, all of the answer's (an image answer is almost all image).
     */
    public int imageTokens() {
        if (candidatesTokensDetails == null || candidatesTokensDetails.isEmpty()) {
            return candidatesTokenCount;
        }
        int image = 0;
        for (ModalityTokenCount detail : candidatesTokensDetails) {
            if ("IMAGE".equals(detail.modality())) {
                image += detail.tokenCount();
            }
        }
        return Math.min(image, candidatesTokenCount);
    }
}
