package io.personaengine.handlers;

/** What makes generated text publishable as a comment or a reply. Nothing invalid is ever published. */
final class CommentText {

    static final int MIN_CHARS = 2;
    static final int MAX_CHARS = 2_000;

    private CommentText() {}

    /** The cleaned comment, or why it cannot be published. */
    static Validated<String> check(String raw) {
        String text = unquote(raw.strip());
        if (text.length() < MIN_CHARS) {
            return Validated.invalid("empty or too short (" + text.length() + " chars)");
        }
        if (text.length() > MAX_CHARS) {
            return Validated.invalid("too long (" + text.length() + " chars, at most " + MAX_CHARS + ")");
        }
        return PromptEcho.check(text);
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).strip();
        }
        return text;
    }
}
