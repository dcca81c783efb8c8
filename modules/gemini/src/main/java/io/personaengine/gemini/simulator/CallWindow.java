package io.personaengine.gemini.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/** A request quota over a sliding window, a minute unless tests scale it down. Thread-safe. */
final class CallWindow {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Duration window;
    private final ArrayDeque<Instant> admitted = new ArrayDeque<>();

    /** @param limit calls per window; 0 admits everything */
    CallWindow(int limit) {
        this(limit, WINDOW);
    }

    CallWindow(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Admits a call at {@code now}, or returns how long until the window has room again. */
    synchronized Optional<Duration> admit(Instant now) {
        if (limit == 0) {
            return Optional.empty();
        }
        while (!admitted.isEmpty() && !admitted.peekFirst().plus(window).isAfter(now)) {
            admitted.removeFirst();
        }
        if (admitted.size() < limit) {
            admitted.addLast(now);
            return Optional.empty();
        }
        Duration wait = Duration.between(now, admitted.peekFirst().plus(window));
        // whole seconds, rounded up, like the real API's RetryInfo
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
