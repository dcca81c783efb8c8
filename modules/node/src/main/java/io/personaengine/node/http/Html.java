package io.personaengine.node.http;

import org.jspecify.annotations.Nullable;

/** Escapes text for HTML element content and quoted attribute values. */
final class Html {

    private Html() {}

    /**
     * {@code text} with {@code & < > " '} as character references and control characters other than
     * tab, line feed and carriage return as U+FFFD, safe inside an element or a quoted attribute.
     * Null reads as the empty string.
     */
    static String escape(@Nullable String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
