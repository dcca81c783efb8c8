package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code generationConfig}: every field optional and omitted when null. On thinking models
 * {@code maxOutputTokens} covers thinking as well as the answer.
 *
 * @param responseJsonSchema plain JSON Schema; needs {@code responseMimeType} {@code application/json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationConfig(
        @Nullable Integer maxOutputTokens,
        @Nullable String responseMimeType,
        @Nullable JsonNode responseJsonSchema,
        @Nullable List<Modality> responseModalities,
        @Nullable ThinkingConfig thinkingConfig,
        @Nullable ImageConfig imageConfig) {

    public static final GenerationConfig EMPTY = new GenerationConfig(null, null, null, null, null, null);

    public GenerationConfig {
        if (maxOutputTokens != null && maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
        if (responseJsonSchema != null && responseMimeType == null) {
            throw new IllegalArgumentException("responseJsonSchema needs a responseMimeType");
        }
        responseModalities = responseModalities == null ? null : List.copyOf(responseModalities);
    }

    public GenerationConfig withMaxOutputTokens(int tokens) {
        return new GenerationConfig(
                tokens, responseMimeType, responseJsonSchema, responseModalities, thinkingConfig, imageConfig);
    }

    public GenerationConfig withJsonSchema(JsonNode schema) {
        return new GenerationConfig(
                maxOutputTokens, "application/json", schema, responseModalities, thinkingConfig, imageConfig);
    }

    public GenerationConfig withResponseModalities(List<Modality> modalities) {
        return new GenerationConfig(
                maxOutputTokens, responseMimeType, responseJsonSchema, modalities, thinkingConfig, imageConfig);
    }

    public GenerationConfig withThinkingConfig(@Nullable ThinkingConfig thinking) {
        return new GenerationConfig(
                maxOutputTokens, responseMimeType, responseJsonSchema, responseModalities, thinking, imageConfig);
    }

    public GenerationConfig withImageConfig(ImageConfig image) {
        return new GenerationConfig(
                maxOutputTokens, responseMimeType, responseJsonSchema, responseModalities, thinkingConfig, image);
    }

    /** True when the caller asked for image output. */
    public boolean wantsImage() {
        return responseModalities != null && responseModalities.contains(Modality.IMAGE);
    }
}
