package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/**
 * What one or more model calls used, for the attempt history and its cost.
 *
 * @param calls requests sent upstream, retries included
 * @param promptTokens input tokens
 * @param outputTokens output tokens, thinking included (it is billed as output); not the tokens of
 *     generated images, which are billed per image
 * @param images images generated
 * @param model the model version the server reported, or the requested model if it reported none
 */
public record Usage(int calls, int promptTokens, int outputTokens, int images, String model) {

    public static final Usage NONE = new Usage(0, 0, 0, "");

    public Usage {
        requireNonNull(model, "model");
        if (calls < 0 || promptTokens < 0 || outputTokens < 0 || images < 0) {
            throw new IllegalArgumentException("usage figures cannot be negative");
        }
    }

    /** Text calls only: no images. */
    public Usage(int calls, int promptTokens, int outputTokens, String model) {
        this(calls, promptTokens, outputTokens, 0, model);
    }

    /** The sum of both usages; the model of {@code other} wins when it names one. */
    public Usage plus(Usage other) {
        return new Usage(
                calls + other.calls,
                promptTokens + other.promptTokens,
                outputTokens + other.outputTokens,
                images + other.images,
                other.model.isEmpty() ? model : other.model);
    }
}
