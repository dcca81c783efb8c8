package io.personaengine.gemini.api;

/**
 * Token counts of one call. Absent counts read as 0. Thoughts are billed as output but are not part
 * of {@code candidatesTokenCount}.
 */
public record UsageMetadata(
        int promptTokenCount, int candidatesTokenCount, int thoughtsTokenCount, int totalTokenCount) {

    public static final UsageMetadata EMPTY = new UsageMetadata(0, 0, 0, 0);

    /** Billed output: answer plus thinking. */
    public int outputTokens() {
        return candidatesTokenCount + thoughtsTokenCount;
    }
}
