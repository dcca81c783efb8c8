package io.personaengine.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.api.Candidate;
import io.personaengine.gemini.api.FinishReason;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.InlineData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What makes an HTTP 200 answer of generateContent usable, text or image. Blocked prompts and
 * answers withheld by a filter (the IMAGE_SAFETY family included) never get here:
 * {@link GeminiClient} already turned them into {@link GeminiException.Kind#BLOCKED}. Anything
 * else that cannot be published is an {@link Kind#INVALID_ANSWER}, except that an image model
 * answering without an image has refused, which is {@link Kind#BLOCKED}: asking again would not help.
 */
final class AnswerCheck {

    private AnswerCheck() {}

    /** The answer text, stripped: a candidate that stopped normally with non-thought text. */
    static String text(GenerateContentResponse response, Usage usage, int maxOutputTokens) {
        Candidate candidate = candidate(response, usage);
        String text = candidate.text();
        if (candidate.finishReason() == FinishReason.MAX_TOKENS) {
            throw invalid(maxTokensMessage(text, response, maxOutputTokens), usage);
        }
        if (candidate.finishReason() != null && candidate.finishReason() != FinishReason.STOP) {
            throw invalid("the answer ended with finishReason " + candidate.finishReason(), usage);
        }
        if (text.isBlank()) {
            throw invalid(candidate.thoughtsOnly() ? "the answer holds only thought parts" : "the answer is empty",
                    usage);
        }
        return text.strip();
    }

    /** The text unchanged if it is one JSON object or array. */
    static String json(String text, Usage usage) {
        try {
            JsonNode node = GeminiJson.readTree(text.getBytes(StandardCharsets.UTF_8));
            if (node != null && node.isContainerNode()) {
                return text;
            }
        } catch (IOException malformed) {
            // reported below, with an excerpt of what came back
        }
        throw invalid("the structured answer is not a JSON object: " + excerpt(text), usage);
    }

    /** The last non-thought image of the answer, decoded. */
    static GeneratedImage image(GenerateContentResponse response, Usage usage) {
        Candidate candidate = candidate(response, usage);
        FinishReason finish = candidate.finishReason();
        if (finish == FinishReason.NO_IMAGE) {
            throw refused("the image model made no image (NO_IMAGE)" + detail(candidate), usage);
        }
        if (finish != null && finish != FinishReason.STOP) {
            throw invalid("the image answer ended with finishReason " + finish, usage);
        }
        Optional<InlineData> image = candidate.lastInlineData();
        if (image.isEmpty()) {
            String drafts = candidate.parts().stream().anyMatch(p -> p.inlineData() != null) ? " (only thought drafts)" : "";
            throw refused("the image model answered without an image" + drafts + detail(candidate), usage);
        }
        return new GeneratedImage(image.get().mimeType(), decode(image.get(), usage), candidate.text().strip(), usage);
    }

    private static Candidate candidate(GenerateContentResponse response, Usage usage) {
        return response.firstCandidate().orElseThrow(() -> invalid("the answer has no candidate", usage));
    }

    private static byte[] decode(InlineData image, Usage usage) {
        byte[] bytes;
        try {
            bytes = image.bytes();
        } catch (IllegalArgumentException e) {
            throw invalid("the image data is not valid base64", usage);
        }
        if (bytes.length == 0) {
            throw invalid("the image is empty", usage);
        }
        return bytes;
    }

    private static String detail(Candidate candidate) {
        String words = candidate.finishMessage() != null ? candidate.finishMessage() : candidate.text();
        return words.isBlank() ? "" : ": " + excerpt(words);
    }

    private static String maxTokensMessage(String text, GenerateContentResponse response, int maxOutputTokens) {
        if (text.isBlank()) {
            return "the answer is empty at MAX_TOKENS: thinking used " + response.usage().thoughtsTokenCount()
                    + " of the " + maxOutputTokens + " maxOutputTokens budget; lower thinking or raise the budget";
        }
        return "the answer was truncated at maxOutputTokens=" + maxOutputTokens;
    }

    private static String excerpt(String text) {
        return "'" + RpcStatus.shorten(text) + "'";
    }

    private static ContentException invalid(String message, Usage usage) {
        return new ContentException(Kind.INVALID_ANSWER, message, null, false, usage, null);
    }

    private static ContentException refused(String message, Usage usage) {
        return new ContentException(Kind.BLOCKED, message, null, false, usage, null);
    }
}
