package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/**
 * One text generation request.
 *
 * @param systemInstruction who the persona is and how it must answer (trusted)
 * @param userText the task, with any forum text already delimited as untrusted data
 * @param maxOutputTokens upper bound on the answer, thinking included
 */
public record TextPrompt(String systemInstruction, String userText, int maxOutputTokens) {

    public TextPrompt {
        requireNonNull(systemInstruction, "systemInstruction");
        requireNonNull(userText, "userText");
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
    }
}
