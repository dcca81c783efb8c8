package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A task's target as found in the forum, or the failure that ends the task when it is missing: a
 * task without the target its type needs (a bug upstream) or a target deleted since it was queued.
 */
record Target<T>(@Nullable T value, @Nullable Outcome missing) {

    static <T> Target<T> lookup(ClaimedTask task, String what, @Nullable Long id, LongFunction<Optional<T>> find) {
        if (id == null) {
            return new Target<>(null, new Outcome.Failed(
                    task.type() + " task " + task.id() + " has no " + what, Usage.NONE));
        }
        return find.apply(id)
                .map(found -> new Target<T>(found, null))
                .orElseGet(() -> new Target<>(null, new Outcome.Failed(what + " " + id + " no longer exists",
                        Usage.NONE)));
    }

    boolean found() {
        return value != null;
    }

    T get() {
        return requireNonNull(value, "target missing");
    }

    /** The failure to return when {@link #found()} is false. */
    Outcome failure() {
        return requireNonNull(missing, "target found");
    }
}
