package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/**
 * What one or more model calls cost, for the attempt history.
 *
 * @param calls requests sent upstream, retries included
 * @param promptTokens input tokens
 * @param outputTokens output tokens, thinking included (it is billed as output)
 * @param model the model version the server reported, or the requested model if it reported none
 */
public record Usage(int calls, int promptTokens, int outputTokens, String model) {

    public static final Usage NONE = new Usage(0, 0, 0, "");

    public Usage {
        requireNonNull(model, "model");
        if (calls < 0 || promptTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("usage figures cannot be negative");
        }
    }

    /** The sum of both usages; the model of {@code other} wins when it names one. */
    public Usage plus(Usage other) {
        return new Usage(
                calls + other.calls,
                promptTokens + other.promptTokens,
                outputTokens + other.outputTokens,
                other.model.isEmpty() ? model : other.model);
    }
}
