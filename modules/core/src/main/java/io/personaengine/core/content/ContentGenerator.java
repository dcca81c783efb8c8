package io.personaengine.core.content;

/**
 * Generates content for a persona: free text, a structured JSON answer, or an image. Every method
 * makes one upstream call and checks the answer before returning it, so what comes back is never
 * empty, truncated, thought-only or withheld by a filter.
 *
 * <p>Implementations are thread-safe: the runner calls them from several worker threads at once.
 */
public interface ContentGenerator {

    /**
     * Generates text for one prompt.
     *
     * @throws ContentException when no usable text came back; its {@link ContentException#kind()}
     *     tells the caller whether to defer, retry or give up
     */
    GeneratedText generateText(TextPrompt prompt);

    /**
     * Generates a structured answer constrained by the prompt's JSON Schema.
     *
     * @return the answer as JSON text that parses, in {@link GeneratedText#text()}; the caller still
     *     checks its fields, since schemas do not bound lengths
     * @throws ContentException as for {@link #generateText}; malformed JSON is
     *     {@link ContentException.Kind#INVALID_ANSWER}
     */
    GeneratedText generateJson(JsonPrompt prompt);

    /**
     * Generates one image with the image model.
     *
     * @throws ContentException when no image came back; a refusal (a safety verdict on the image or
     *     the prompt, "no image", or an answer in words only) is {@link ContentException.Kind#BLOCKED},
     *     so the task fails at once instead of asking again
     */
    GeneratedImage generateImage(ImagePrompt prompt);
}
