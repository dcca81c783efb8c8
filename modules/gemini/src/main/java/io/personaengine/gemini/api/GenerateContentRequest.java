package io.personaengine.gemini.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /v1beta/models/{model}:generateContent}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateContentRequest(
        List<Content> contents,
        @Nullable Content systemInstruction,
        @Nullable GenerationConfig generationConfig,
        @Nullable List<SafetySetting> safetySettings) {

    public GenerateContentRequest {
        contents = List.copyOf(requireNonNull(contents, "contents"));
        if (contents.isEmpty()) {
            throw new IllegalArgumentException("contents must not be empty");
        }
        safetySettings = safetySettings == null ? null : List.copyOf(safetySettings);
    }

    /** A single-turn request: one system instruction, one user message. */
    public static GenerateContentRequest of(String systemInstruction, String userText, GenerationConfig config) {
        return new GenerateContentRequest(
                List.of(Content.user(userText)), Content.system(systemInstruction), config, null);
    }

    /** The generation config, or {@link GenerationConfig#EMPTY} when none was set. */
    public GenerationConfig config() {
        return generationConfig == null ? GenerationConfig.EMPTY : generationConfig;
    }
}
