package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/** Text a model produced (thought parts excluded), with what producing it cost. */
public record GeneratedText(String text, Usage usage) {

    public GeneratedText {
        requireNonNull(text, "text");
        requireNonNull(usage, "usage");
    }
}
