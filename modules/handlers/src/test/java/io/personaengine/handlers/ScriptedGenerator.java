package io.personaengine.handlers;

import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A content generator that records every prompt and answers as the test scripted; unscripted calls fail. */
final class ScriptedGenerator implements ContentGenerator {

    static final Usage TEXT_USAGE = new Usage(1, 100, 30, "gemini-3.5-flash-lite");
    static final Usage IMAGE_USAGE = new Usage(1, 40, 1290, "gemini-3.1-flash-image");

    final List<Object> prompts = new ArrayList<>();
    private Function<TextPrompt, GeneratedText> text = p -> {
        throw new AssertionError("unexpected text call");
    };
    private Function<JsonPrompt, GeneratedText> json = p -> {
        throw new AssertionError("unexpected JSON call");
    };
    private Function<ImagePrompt, GeneratedImage> image = p -> {
        throw new AssertionError("unexpected image call");
    };

    ScriptedGenerator text(Function<TextPrompt, GeneratedText> answer) {
        this.text = answer;
        return this;
    }

    ScriptedGenerator text(String answer) {
        return text(p -> new GeneratedText(answer, TEXT_USAGE));
    }

    ScriptedGenerator json(Function<JsonPrompt, GeneratedText> answer) {
        this.json = answer;
        return this;
    }

    ScriptedGenerator json(String answer) {
        return json(p -> new GeneratedText(answer, TEXT_USAGE));
    }

    ScriptedGenerator image(Function<ImagePrompt, GeneratedImage> answer) {
        this.image = answer;
        return this;
    }

    ScriptedGenerator image(String mimeType, byte[] bytes) {
        return image(p -> new GeneratedImage(mimeType, bytes, "Here you go.", IMAGE_USAGE));
    }

    <T> T prompt(int index, Class<T> type) {
        return type.cast(prompts.get(index));
    }

    @Override
    public GeneratedText generateText(TextPrompt prompt) {
        prompts.add(prompt);
        return text.apply(prompt);
    }

    @Override
    public GeneratedText generateJson(JsonPrompt prompt) {
        prompts.add(prompt);
        return json.apply(prompt);
    }

    @Override
    public GeneratedImage generateImage(ImagePrompt prompt) {
        prompts.add(prompt);
        return image.apply(prompt);
    }
}
