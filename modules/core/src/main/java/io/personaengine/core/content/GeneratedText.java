package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/** Text a model produced (thought parts excluded), with what producing it cost. */
public record GeneratedText(String text, Usage usage) {

    public GeneratedText {
        requireNonNull(text, "text");
        requireNonNull(usage, "usage");
    }

    /** The same text, also charged with {@code earlier}: calls made before the one that produced it. */
    public GeneratedText withEarlierUsage(Usage earlier) {
        return new GeneratedText(text, earlier.plus(usage));
    }
}
