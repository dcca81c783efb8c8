package io.personaengine.gemini.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personaengine.gemini.api.GeminiJson;
import java.util.Locale;

/**
 * The HTTP 200 bodies of the injectable failures: an answer arrived, but nothing in it can be
 * published. Shapes follow the real API's answers for these cases, text and image models alike.
 */
final class FailedAnswer {

    private FailedAnswer() {}

    static ObjectNode body(Failure.Kind kind, String model, int promptTokens, int maxOutputTokens) {
        ObjectNode body = GeminiJson.objectNode();
        ObjectNode usage = GeminiJson.objectNode().put("promptTokenCount", promptTokens);
        int thoughts = 0;
        int answer = 0;
        switch (kind) {
            case BLOCKED_PROMPT:
                body.putObject("promptFeedback").put("blockReason", "PROHIBITED_CONTENT");
                break;
            case BLOCKED_ANSWER:
                candidate(body, "SAFETY").putArray("safetyRatings").addObject()
                        .put("category", "HARM_CATEGORY_HARASSMENT").put("probability", "HIGH").put("blocked", true);
                break;
            case MAX_TOKENS_EMPTY:
                candidate(body, "MAX_TOKENS");
                thoughts = maxOutputTokens;
                break;
            case MALFORMED_JSON:
                answer = text(candidate(body, "STOP"), "{\"vote\": \"up\", \"reason\": \"Solid adv");
                break;
            case IMAGE_SAFETY:
                candidate(body, "IMAGE_SAFETY").put("finishMessage",
                        "Unable to show the generated image. The image was filtered out because it violated "
                                + "Google's Generative AI Prohibited Use policy.");
                break;
            case NO_IMAGE:
                answer = text(candidate(body, "NO_IMAGE"), "I can only describe this scene, not draw it.");
                break;
            case TEXT_INSTEAD_OF_IMAGE:
                answer = text(candidate(body, "STOP"), "I'm unable to create images of that. How about a landscape?");
                break;
            default:
                throw new IllegalArgumentException(kind + " is not answered with HTTP 200");
        }
        if (answer > 0) {
            usage.put("candidatesTokenCount", answer);
        }
        if (thoughts > 0) {
            usage.put("thoughtsTokenCount", thoughts);
        }
        body.set("usageMetadata", usage.put("totalTokenCount", promptTokens + answer + thoughts));
        return body.put("modelVersion", model).put("responseId", "simulated-" + kind.name().toLowerCase(Locale.ROOT));
    }

    private static ObjectNode candidate(ObjectNode body, String finishReason) {
        return body.putArray("candidates").addObject().put("finishReason", finishReason).put("index", 0);
    }

    /** Adds a one-part text answer and returns its token count. */
    private static int text(ObjectNode candidate, String text) {
        ObjectNode content = candidate.putObject("content").put("role", "model");
        content.putArray("parts").addObject().put("text", text);
        return CannedAnswer.tokens(text);
    }
}
