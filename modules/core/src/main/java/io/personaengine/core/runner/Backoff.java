package io.personaengine.core.runner;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between {@code base} and {@code cap}: the n-th retry (from
 * 0) waits a uniform draw between {@code base} and {@code min(cap, base * 2^(n+1))}, so even the
 * first retries of tasks that failed together spread out over a span as long as the base.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        requireNonNull(base, "base");
        requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got " + base + ".." + cap);
        }
    }

    /** @param retriesSoFar retries already used, 0 for the first */
    public Duration delay(int retriesSoFar, RandomGenerator random) {
        long baseMillis = base.toMillis();
        int doublings = Math.min(Math.max(retriesSoFar, 0) + 1, 30);
        long ceiling = Math.min(cap.toMillis(), baseMillis << doublings);
        long ceilingChecked = ceiling <= 0 ? cap.toMillis() : ceiling; // overflow guard
        return Duration.ofMillis(baseMillis + (long) (random.nextDouble() * (ceilingChecked - baseMillis)));
    }
}
