package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.api.Content;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.GenerationConfig;
import io.personaengine.gemini.api.ImageConfig;
import io.personaengine.gemini.api.Modality;
import io.personaengine.gemini.api.UsageMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's {@link ContentGenerator} on Gemini: text and structured answers from the text model with
 * thinking kept low, images from the image model. One call per prompt, every answer checked before
 * anyone can publish it (see {@link AnswerCheck}). No retries or rate limits here;
 * {@link ContentException#kind()} tells the caller whether to defer, retry or give up, and a node
 * wraps this generator in {@link io.personaengine.gemini.guard.GuardedContentGenerator}.
 *
 * <p>Every call is reported to the {@link GeminiObserver}, with its outcome and what it cost.
 *
 * <p>Thread-safe if the client is (a {@link GeminiClient} is).
 */
public final class GeminiContentGenerator implements ContentGenerator {

    private static final Logger log = LoggerFactory.getLogger(GeminiContentGenerator.class);

    private final GeminiClient client;
    private final String textModel;
    private final String imageModel;
    private final GeminiObserver observer;

    /**
     * @param textModel a bare model id such as {@code gemini-3.5-flash-lite}, for text and JSON
     * @param imageModel a bare image model id such as {@code gemini-3.1-flash-image}
     * @throws IllegalArgumentException when a model is not a plain model id
     */
    public GeminiContentGenerator(GeminiClient client, String textModel, String imageModel) {
        this(client, textModel, imageModel, GeminiObserver.NONE);
    }

    /** As {@link #GeminiContentGenerator(GeminiClient, String, String)}, telling {@code observer} of every call. */
    public GeminiContentGenerator(GeminiClient client, String textModel, String imageModel, GeminiObserver observer) {
        this.client = requireNonNull(client, "client");
        this.textModel = GeminiClient.modelId(textModel);
        this.imageModel = GeminiClient.modelId(imageModel);
        this.observer = requireNonNull(observer, "observer");
    }

    /** Who hears of every call; a guard around this generator reports its permit waits there too. */
    public GeminiObserver observer() {
        return observer;
    }

    /** The bare id of the model that answers text and JSON prompts. */
    public String textModel() {
        return textModel;
    }

    /** The bare id of the model that draws images. */
    public String imageModel() {
        return imageModel;
    }

    @Override
    public GeneratedText generateText(TextPrompt prompt) {
        GenerateContentRequest request = textRequest(prompt);
        return observed(textModel, GeneratedText::usage, () -> {
            GenerateContentResponse response = call(textModel, request);
            Usage usage = usageOf(response, textModel);
            return new GeneratedText(AnswerCheck.text(response, usage, prompt.maxOutputTokens()), usage);
        });
    }

    @Override
    public GeneratedText generateJson(JsonPrompt prompt) {
        GenerateContentRequest request = jsonRequest(prompt);
        return observed(textModel, GeneratedText::usage, () -> {
            GenerateContentResponse response = call(textModel, request);
            Usage usage = usageOf(response, textModel);
            String json = AnswerCheck.text(response, usage, prompt.maxOutputTokens());
            return new GeneratedText(AnswerCheck.json(json, usage), usage);
        });
    }

    @Override
    public GeneratedImage generateImage(ImagePrompt prompt) {
        GenerateContentRequest request = imageRequest(prompt);
        return observed(imageModel, GeneratedImage::usage, () -> {
            GenerateContentResponse response = call(imageModel, request);
            GeneratedImage image = AnswerCheck.image(response, usageOf(response, imageModel));
            // an image is billed per image, not by its tokens
            Usage usage = image.usage();
            return new GeneratedImage(image.mimeType(), image.bytes(), image.caption(), new Usage(usage.calls(),
                    usage.promptTokens(), Math.max(0, usage.outputTokens() - response.usage().imageTokens()), 1,
                    usage.model()));
        });
    }

    /** Runs one upstream call and reports it, answer checks included, whichever way it ends. */
    private <T> T observed(String model, Function<T, Usage> usageOf, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (ContentException e) {
            report(model, e.kind(), e.usage());
            throw e;
        }
        report(model, null, usageOf.apply(result));
        return result;
    }

    private void report(String model, ContentException.@Nullable Kind failure, Usage usage) {
        try {
            observer.called(model, failure, usage);
        } catch (RuntimeException e) {
            log.warn("a Gemini observer failed", e);
        }
    }

    GenerateContentRequest textRequest(TextPrompt prompt) {
        return GenerateContentRequest.of(
                prompt.systemInstruction(), prompt.userText(), lowThinking(prompt.maxOutputTokens()));
    }

    GenerateContentRequest jsonRequest(JsonPrompt prompt) {
        GenerationConfig config = lowThinking(prompt.maxOutputTokens()).withJsonSchema(schema(prompt.jsonSchema()));
        return GenerateContentRequest.of(prompt.systemInstruction(), prompt.userText(), config);
    }

    /**
     * No system instruction, thinking config or token cap: image models differ in which of those
     * they accept, and a cap could cut the image itself. TEXT is allowed alongside IMAGE because a
     * refusal usually comes back in words, which then explain the failure.
     */
    GenerateContentRequest imageRequest(ImagePrompt prompt) {
        GenerationConfig config = GenerationConfig.EMPTY
                .withResponseModalities(List.of(Modality.TEXT, Modality.IMAGE))
                .withImageConfig(new ImageConfig(prompt.aspectRatio(), null));
        return new GenerateContentRequest(
                List.of(Content.user(prompt.description())), null, config, null);
    }

    static Usage usageOf(GenerateContentResponse response, String requestedModel) {
        UsageMetadata usage = response.usage();
        String model = response.modelVersion() == null || response.modelVersion().isBlank()
                ? requestedModel
                : response.modelVersion();
        return new Usage(1, usage.promptTokenCount(), usage.outputTokens(), model);
    }

    private GenerateContentResponse call(String model, GenerateContentRequest request) {
        try {
            return client.generateContent(model, request);
        } catch (GeminiException e) {
            throw GeminiFailures.toContentException(e, model);
        }
    }

    private GenerationConfig lowThinking(int maxOutputTokens) {
        return GenerationConfig.EMPTY
                .withMaxOutputTokens(maxOutputTokens)
                .withThinkingConfig(LowThinking.forModel(textModel).orElse(null));
    }

    private static JsonNode schema(String jsonSchema) {
        try {
            return GeminiJson.readTree(jsonSchema.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the prompt's jsonSchema is not valid JSON", e);
        }
    }
}
