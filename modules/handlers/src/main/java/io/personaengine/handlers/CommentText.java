package io.personaengine.handlers;

import java.util.Optional;

/** What makes generated text publishable as a comment. Nothing invalid is ever published. */
final class CommentText {

    static final int MIN_CHARS = 2;
    static final int MAX_CHARS = 2_000;

    private CommentText() {}

    /** The cleaned comment, or empty if it cannot be published. */
    static Optional<String> validate(String raw) {
        return problem(raw).isEmpty() ? Optional.of(clean(raw)) : Optional.empty();
    }

    /** Why the text cannot be published, or the empty string if it can. */
    static String problem(String raw) {
        String text = clean(raw);
        if (text.length() < MIN_CHARS) {
            return "empty or too short (" + text.length() + " chars)";
        }
        if (text.length() > MAX_CHARS) {
            return "too long (" + text.length() + " chars, at most " + MAX_CHARS + ")";
        }
        if (text.contains(UntrustedText.BEGIN) || text.contains(UntrustedText.END)) {
            return "it repeats the prompt's data markers";
        }
        return "";
    }

    private static String clean(String raw) {
        String text = raw.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text;
    }
}
