package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One image generation request.
 *
 * @param description what to draw, in words (trusted: written by the engine or by the model, never
 *     copied from the forum)
 * @param aspectRatio width to height, such as {@code 1:1} or {@code 4:3}
 */
public record ImagePrompt(String description, String aspectRatio) {

    private static final Pattern RATIO = Pattern.compile("[1-9][0-9]?:[1-9][0-9]?");

    public ImagePrompt {
        requireNonNull(description, "description");
        requireNonNull(aspectRatio, "aspectRatio");
        if (description.isBlank()) {
            throw new IllegalArgumentException("an image needs a description");
        }
        if (!RATIO.matcher(aspectRatio).matches()) {
            throw new IllegalArgumentException("aspectRatio must look like 4:3, not '" + aspectRatio + "'");
        }
    }
}
