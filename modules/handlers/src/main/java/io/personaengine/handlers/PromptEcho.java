package io.personaengine.handlers;

/**
 * Generated text that repeats our data markers is echoing the prompt (often the sign of an
 * injection that worked): it is never published.
 */
final class PromptEcho {

    private PromptEcho() {}

    static Validated<String> check(String text) {
        if (text.contains(UntrustedText.BEGIN) || text.contains(UntrustedText.END)) {
            return Validated.invalid("it repeats the prompt's data markers");
        }
        return Validated.valid(text);
    }
}
