package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/**
 * One structured-output request: the answer must be JSON that fits {@code jsonSchema}.
 *
 * @param systemInstruction who the persona is and how it must answer (trusted)
 * @param userText the task, with any forum text already delimited as untrusted data
 * @param jsonSchema a JSON Schema object, as JSON text ({@code type}, {@code properties},
 *     {@code required}, {@code enum}, {@code items}, {@code maxItems}; no length keywords)
 * @param maxOutputTokens upper bound on the answer, thinking included
 */
public record JsonPrompt(String systemInstruction, String userText, String jsonSchema, int maxOutputTokens) {

    public JsonPrompt {
        requireNonNull(systemInstruction, "systemInstruction");
        requireNonNull(userText, "userText");
        requireNonNull(jsonSchema, "jsonSchema");
        if (!jsonSchema.strip().startsWith("{")) {
            throw new IllegalArgumentException("jsonSchema must be a JSON object");
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
    }
}
