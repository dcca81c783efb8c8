package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.api.Candidate;
import io.personaengine.gemini.api.FinishReason;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.GenerationConfig;
import io.personaengine.gemini.api.UsageMetadata;

/**
 * Core's {@link ContentGenerator} on one Gemini model: one call per prompt, thinking kept low, the
 * answer checked before anyone can publish it. No retries here; {@link ContentException#kind()}
 * tells the caller whether to defer, retry or give up.
 *
 * <p>Thread-safe if the client is (a {@link GeminiClient} is).
 */
public final class GeminiContentGenerator implements ContentGenerator {

    private final GeminiClient client;
    private final String model;

    /**
     * @param model a bare model id such as {@code gemini-3.5-flash-lite}
     * @throws IllegalArgumentException when {@code model} is not a plain model id
     */
    public GeminiContentGenerator(GeminiClient client, String model) {
        this.client = requireNonNull(client, "client");
        this.model = GeminiClient.modelId(model);
    }

    @Override
    public GeneratedText generateText(TextPrompt prompt) {
        GenerateContentResponse response;
        try {
            response = client.generateContent(model, requestFor(prompt));
        } catch (GeminiException e) {
            throw GeminiFailures.toContentException(e, model);
        }
        Usage usage = usageOf(response, model);
        Candidate candidate = response.firstCandidate()
                .orElseThrow(() -> invalid("the answer has no candidate", usage));
        String text = candidate.text();
        if (candidate.finishReason() == FinishReason.MAX_TOKENS) {
            throw invalid(maxTokensMessage(text, response.usage(), prompt.maxOutputTokens()), usage);
        }
        if (candidate.finishReason() != null && candidate.finishReason() != FinishReason.STOP) {
            throw invalid("the answer ended with finishReason " + candidate.finishReason(), usage);
        }
        if (text.isBlank()) {
            String problem = candidate.thoughtsOnly() ? "the answer holds only thought parts" : "the answer is empty";
            throw invalid(problem, usage);
        }
        return new GeneratedText(text.strip(), usage);
    }

    GenerateContentRequest requestFor(TextPrompt prompt) {
        GenerationConfig config = GenerationConfig.EMPTY
                .withMaxOutputTokens(prompt.maxOutputTokens())
                .withThinkingConfig(LowThinking.forModel(model).orElse(null));
        return GenerateContentRequest.of(prompt.systemInstruction(), prompt.userText(), config);
    }

    static Usage usageOf(GenerateContentResponse response, String requestedModel) {
        UsageMetadata usage = response.usage();
        String model = response.modelVersion() == null || response.modelVersion().isBlank()
                ? requestedModel
                : response.modelVersion();
        return new Usage(1, usage.promptTokenCount(), usage.outputTokens(), model);
    }

    private static String maxTokensMessage(String text, UsageMetadata usage, int maxOutputTokens) {
        if (text.isBlank()) {
            return "the answer is empty at MAX_TOKENS: thinking used " + usage.thoughtsTokenCount()
                    + " of the " + maxOutputTokens + " maxOutputTokens budget; lower thinking or raise the budget";
        }
        return "the answer was truncated at maxOutputTokens=" + maxOutputTokens;
    }

    private static ContentException invalid(String message, Usage usage) {
        return new ContentException(ContentException.Kind.INVALID_ANSWER, message, null, false, usage, null);
    }
}
