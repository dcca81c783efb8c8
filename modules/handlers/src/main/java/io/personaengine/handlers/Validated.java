package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A generated answer that can be published, or why it cannot. Nothing invalid becomes an effect:
 * {@link #outcome} publishes a valid value and retries anything else, since another answer to the
 * same prompt may well be usable.
 *
 * @param value the usable value; null exactly when {@code problem} is set
 * @param problem why the answer cannot be used; empty when it can
 */
record Validated<T>(@Nullable T value, String problem) {

    Validated {
        requireNonNull(problem, "problem");
        if ((value == null) == problem.isEmpty()) {
            throw new IllegalArgumentException("either a value or a problem");
        }
    }

    static <T> Validated<T> valid(T value) {
        return new Validated<>(requireNonNull(value, "value"), "");
    }

    static <T> Validated<T> invalid(String problem) {
        if (problem.isEmpty()) {
            throw new IllegalArgumentException("say what the problem is");
        }
        return new Validated<>(null, problem);
    }

    boolean isValid() {
        return value != null;
    }

    <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
        return value == null ? invalid(problem) : valid(mapper.apply(value));
    }

    <R> Validated<R> flatMap(Function<? super T, Validated<R>> mapper) {
        return value == null ? invalid(problem) : mapper.apply(value);
    }

    /** Done with the effect of a valid value, else {@link #rejection}. */
    Outcome outcome(Function<? super T, ? extends Effect> effect, Usage usage) {
        return value == null ? rejection(usage) : new Outcome.Done(effect.apply(value), usage);
    }

    /** The retry for an invalid answer, naming the problem. */
    Outcome rejection(Usage usage) {
        if (value != null) {
            throw new IllegalStateException("a valid answer is not rejected");
        }
        return new Outcome.Retry("unusable answer: " + problem, usage);
    }
}
