package io.personaengine.core.task;

import io.personaengine.core.content.Usage;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The persistent task queue. Every time-based decision (due-ness, leases, backoff) uses the
 * store's clock, so nodes with drifting clocks agree. Implementations are thread-safe.
 *
 * <p>Transitions after a claim are fenced: they take effect only while the task is still
 * {@code RUNNING} under the given claim token, and report a lost claim as {@code false} or
 * {@link Optional#empty()} rather than an exception.
 */
public interface TaskStore {

    /**
     * Queues tasks, skipping any that would duplicate an open task for the same
     * (persona, type, target).
     *
     * @return how many tasks were queued
     */
    int schedule(Collection<NewTask> tasks);

    /**
     * Claims up to {@code limit} due {@code PENDING} tasks, oldest first, for {@code nodeId},
     * skipping tasks other nodes are claiming at the same moment. Each claim gets a fresh token, a
     * lease of {@code lease} and an attempt record.
     *
     * <p>A task is claimed only while its persona has room in its rolling hour, counting the
     * persona's finished actions of the last hour and its running ones: a task over the limit is
     * put off until the window frees (no retry used) without being executed, so it never pays for
     * content that could not be published. Implementations that guard an upstream budget also take
     * no more tasks than its room admits, by each type's {@link TaskType#upstreamCalls()}.
     */
    ClaimBatch claimDue(String nodeId, int limit, Duration lease);

    /**
     * Publishes the effect, records the persona's memory and marks the task {@code DONE} in one
     * transaction. Nothing is published, and the task's history says why, when the claim was lost or
     * when the persona already did this to the target (the task fails).
     *
     * @return the id of the published row, or empty if nothing was published
     */
    Optional<Long> complete(ClaimedTask task, Effect effect, Usage usage);

    /** Back to {@code PENDING} after {@code backoff}, one retry used. False if the claim was lost. */
    boolean retry(ClaimedTask task, Duration backoff, String reason, Usage usage);

    /** Back to {@code PENDING} after {@code delay}, no retry used. False if the claim was lost. */
    boolean defer(ClaimedTask task, Duration delay, String reason, Usage usage);

    /** Marks the task {@code FAILED} with the reason. False if the claim was lost. */
    boolean fail(ClaimedTask task, String reason, Usage usage);

    /**
     * Hands back to {@code PENDING}, at once, the tasks whose lease has lapsed or whose node stopped
     * heartbeating, both judged on the store's clock, counting a rescue (not a retry). A task rescued
     * more often than the store allows fails instead, with the reason.
     *
     * @return how many tasks were rescued
     */
    int rescue();

    /**
     * Extends the leases of the claims this node still holds.
     *
     * @return the tokens still held; a token missing from the answer was rescued or finished elsewhere
     */
    Set<UUID> extendLeases(Collection<ClaimedTask> tasks, Duration lease);

    /** Hands claims back to {@code PENDING} at once, no retry used (a node shutting down). */
    int release(Collection<ClaimedTask> tasks, String reason);
}
