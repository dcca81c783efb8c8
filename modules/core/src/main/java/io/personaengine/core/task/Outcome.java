package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import java.time.Duration;
import java.util.Optional;

/** How one execution of a task ended. Expected outcomes are values, not exceptions. */
public sealed interface Outcome {

    /** What the execution cost upstream, recorded on the attempt. */
    Usage usage();

    /** Publish the effect and finish the task. */
    record Done(Effect effect, Usage usage) implements Outcome {
        public Done {
            requireNonNull(effect, "effect");
            requireNonNull(usage, "usage");
        }
    }

    /** Failed in a way another try may fix: counts against the task's retries. */
    record Retry(String reason, Usage usage) implements Outcome {
        public Retry {
            requireNonNull(reason, "reason");
            requireNonNull(usage, "usage");
        }
    }

    /**
     * Not the task's fault (upstream busy or rate-limited): try again after a delay without
     * counting a retry. An empty delay lets the runner choose one.
     */
    record Defer(Optional<Duration> delay, String reason, Usage usage) implements Outcome {
        public Defer {
            requireNonNull(delay, "delay");
            requireNonNull(reason, "reason");
            requireNonNull(usage, "usage");
        }
    }

    /** Will never succeed: fail the task now with a readable reason. */
    record Failed(String reason, Usage usage) implements Outcome {
        public Failed {
            requireNonNull(reason, "reason");
            requireNonNull(usage, "usage");
        }
    }

    /** What a generation failure means for the task, by its kind. */
    static Outcome of(ContentException failure) {
        String reason = failure.kind() + ": " + failure.getMessage();
        return switch (failure.kind()) {
            case RATE_LIMITED, UNAVAILABLE, OUTAGE -> new Defer(failure.retryAfter(), reason, failure.usage());
            case REFUSED, BLOCKED -> new Failed(reason, failure.usage());
            case INVALID_ANSWER -> new Retry(reason, failure.usage());
        };
    }
}
