package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one claim took, and when the queue next has work for this node.
 *
 * @param tasks the claims, oldest due first
 * @param nextDue how long until the earliest pending task the claim did not take falls due: zero
 *     when one is due now but was not taken (held by another node, or beyond the call budget);
 *     empty when nothing else is pending
 */
public record ClaimBatch(List<ClaimedTask> tasks, Optional<Duration> nextDue) {

    public static final ClaimBatch NONE = new ClaimBatch(List.of(), Optional.empty());

    public ClaimBatch {
        tasks = List.copyOf(tasks);
        requireNonNull(nextDue, "nextDue");
        nextDue = nextDue.map(d -> d.isNegative() ? Duration.ZERO : d);
    }
}
