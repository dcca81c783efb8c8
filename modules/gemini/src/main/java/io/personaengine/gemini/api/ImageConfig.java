package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Output options of image models: {@code aspectRatio} such as {@code "1:1"} or {@code "16:9"},
 * {@code imageSize} {@code "1K"}, {@code "2K"} or {@code "4K"} (3.x image models only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(@Nullable String aspectRatio, @Nullable String imageSize) {}
