package io.personaengine.core.content;

/**
 * Generates content for a persona. Implementations are thread-safe: the runner calls them from
 * several worker threads at once.
 */
public interface ContentGenerator {

    /**
     * Generates text for one prompt.
     *
     * @throws ContentException when no usable text came back; its {@link ContentException#kind()}
     *     tells the caller whether to defer, retry or give up
     */
    GeneratedText generateText(TextPrompt prompt);
}
