package io.personaengine.node.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One configuration key of the contract: its name, default, how its text is parsed and what values
 * it accepts (quoted in errors).
 *
 * @param defaultText the default, or null for "unset"
 * @param secret masked when the effective configuration is logged
 */
public record Setting<T>(
        String key, @Nullable String defaultText, Function<String, T> parser, String accepted, boolean secret) {

    public Setting {
        requireNonNull(key, "key");
        requireNonNull(parser, "parser");
        requireNonNull(accepted, "accepted");
    }

    static Setting<Integer> integer(String key, int defaultValue, int min, int max) {
        return new Setting<>(key, Integer.toString(defaultValue), text -> {
            int value;
            try {
                value = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }, "a whole number from " + min + " to " + max, false);
    }

    static Setting<DurationRange> range(String key, String defaultText) {
        return new Setting<>(key, defaultText, DurationRange::parse,
                "MIN..MAX durations such as 15m..2h (units ms, s, m, h, d; MIN <= MAX)", false);
    }

    static Setting<String> text(String key, @Nullable String defaultText, boolean secret) {
        return new Setting<>(key, defaultText, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("blank");
            }
            return text.strip();
        }, "any non-blank text", secret);
    }
}
