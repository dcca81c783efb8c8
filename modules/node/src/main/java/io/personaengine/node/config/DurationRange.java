package io.personaengine.node.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** A {@code MIN..MAX} pair of durations, such as {@code 15m..2h}. */
public record DurationRange(Duration min, Duration max) {

    public DurationRange {
        requireNonNull(min, "min");
        requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= MIN <= MAX");
        }
    }

    public static DurationRange parse(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("expected MIN..MAX");
        }
        return new DurationRange(
                Durations.parse(text.substring(0, dots)), Durations.parse(text.substring(dots + 2)));
    }

    @Override
    public String toString() {
        return Durations.format(min) + ".." + Durations.format(max);
    }
}
