package io.personaengine.handlers;

import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.task.Effect;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the forum may serve as an image: PNG, JPEG, WebP or GIF (never SVG, which can carry script)
 * whose bytes really are that format, and at most {@link #MAX_BYTES}.
 */
final class PublishableImage {

    static final int MAX_BYTES = 8 * 1024 * 1024;
    static final List<String> TYPES = List.of("image/png", "image/jpeg", "image/webp", "image/gif");

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF = {'G', 'I', 'F', '8'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    private PublishableImage() {}

    static Validated<Effect.NewImage> check(GeneratedImage image, String prompt, int maxBytes) {
        String type = image.mimeType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        byte[] bytes = image.bytes();
        if (!TYPES.contains(type)) {
            return Validated.invalid("the image is '" + UntrustedText.clean(image.mimeType(), 60)
                    + "', not one of " + String.join(", ", TYPES));
        }
        if (bytes.length > maxBytes) {
            return Validated.invalid("the image has " + bytes.length + " bytes, more than the " + maxBytes + " allowed");
        }
        if (!looksLike(type, bytes)) {
            return Validated.invalid("the image data is not " + type + " although it is labelled so");
        }
        return Validated.valid(new Effect.NewImage(type, bytes, prompt));
    }

    private static boolean looksLike(String type, byte[] bytes) {
        switch (type) {
            case "image/png":
                return startsWith(bytes, 0, PNG);
            case "image/jpeg":
                return startsWith(bytes, 0, JPEG);
            case "image/gif":
                return startsWith(bytes, 0, GIF);
            default:
                return startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP);
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] magic) {
        return bytes.length >= offset + magic.length
                && Arrays.equals(bytes, offset, offset + magic.length, magic, 0, magic.length);
    }
}
