package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A human-looking delay between {@code min} and {@code max}, biased towards the short end: the
 * square of a uniform draw puts the median at a quarter of the range.
 */
public record RandomDelay(Duration min, Duration max) {

    public RandomDelay {
        requireNonNull(min, "min");
        requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ".." + max);
        }
    }

    public Duration sample(RandomGenerator random) {
        double u = random.nextDouble();
        long spanMillis = max.minus(min).toMillis();
        return min.plusMillis(Math.round(spanMillis * u * u));
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
