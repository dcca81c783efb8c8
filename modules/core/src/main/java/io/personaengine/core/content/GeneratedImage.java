package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

/**
 * An image a model produced (its last non-thought image), with what producing it cost.
 *
 * @param mimeType as the model declared it; the caller decides whether it may be published
 * @param bytes the decoded image; not copied, so do not change it
 * @param caption any text the model sent with the image, possibly empty
 */
public record GeneratedImage(String mimeType, byte[] bytes, String caption, Usage usage) {

    public GeneratedImage {
        requireNonNull(mimeType, "mimeType");
        requireNonNull(bytes, "bytes");
        requireNonNull(caption, "caption");
        requireNonNull(usage, "usage");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an image cannot be empty");
        }
    }

    /** The same image, also charged with {@code earlier}: calls made before the one that produced it. */
    public GeneratedImage withEarlierUsage(Usage earlier) {
        return new GeneratedImage(mimeType, bytes, caption, earlier.plus(usage));
    }

    @Override
    public String toString() {
        return "GeneratedImage[mimeType=" + mimeType + ", bytes=" + bytes.length + ", caption=" + caption
                + ", usage=" + usage + "]";
    }
}
