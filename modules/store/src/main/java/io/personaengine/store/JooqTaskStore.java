package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASK_ATTEMPTS;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskStatus;
import io.personaengine.core.task.TaskStore;
import io.personaengine.core.task.TaskType;
import io.personaengine.store.jooq.tables.records.PersonaTasksRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task queue on PostgreSQL. Claims are one {@code UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED)}; every later transition is guarded by {@code id} and {@code claim_token}.
 */
public final class JooqTaskStore implements TaskStore {

    private static final Logger log = LoggerFactory.getLogger(JooqTaskStore.class);

    private final DSLContext dsl;
    private final int personaMaxActionsPerHour;

    /** A store that enforces no per-persona limit at publish time. */
    public JooqTaskStore(DSLContext dsl) {
        this(dsl, Integer.MAX_VALUE);
    }

    /**
     * @param personaMaxActionsPerHour checked again, under a lock on the persona, in the transaction
     *     that would publish, so the limit holds however many nodes act for the persona at once
     */
    public JooqTaskStore(DSLContext dsl, int personaMaxActionsPerHour) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.personaMaxActionsPerHour = personaMaxActionsPerHour;
    }

    @Override
    public Optional<Duration> personaLimitWait(long personaId, int limit) {
        return PersonaHourlyLimit.waitFor(dsl, personaId, limit);
    }

    @Override
    public int schedule(Collection<NewTask> tasks) {
        if (tasks.isEmpty()) {
            return 0;
        }
        var insert = dsl.insertInto(PERSONA_TASKS,
                PERSONA_TASKS.PERSONA_ID, PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.POST_ID, PERSONA_TASKS.COMMENT_ID,
                PERSONA_TASKS.BOARD_ID, PERSONA_TASKS.TARGET_KEY, PERSONA_TASKS.SCHEDULED_AT,
                PERSONA_TASKS.MAX_RETRIES);
        for (NewTask task : tasks) {
            insert = insert.values(DSL.val(task.personaId()), DSL.val(task.type().name()), DSL.val(task.postId()),
                    DSL.val(task.commentId()), DSL.val(task.boardId()), DSL.val(task.targetKey()),
                    DatabaseTime.nowPlus(task.delay()), DSL.val(task.maxRetries()));
        }
        // the partial unique index on open tasks decides; a duplicate is skipped, not an error
        return insert.onConflictDoNothing().execute();
    }

    @Override
    public List<ClaimedTask> claimDue(String nodeId, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            var due = DSL.select(PERSONA_TASKS.ID)
                    .from(PERSONA_TASKS)
                    .where(PERSONA_TASKS.STATUS.eq(TaskStatus.PENDING.name()))
                    .and(PERSONA_TASKS.SCHEDULED_AT.le(DatabaseTime.now()))
                    .orderBy(PERSONA_TASKS.SCHEDULED_AT, PERSONA_TASKS.ID)
                    .limit(limit)
                    .forUpdate()
                    .skipLocked();
            List<PersonaTasksRecord> rows = ctx.update(PERSONA_TASKS)
                    .set(PERSONA_TASKS.STATUS, TaskStatus.RUNNING.name())
                    .set(PERSONA_TASKS.CLAIMED_BY, nodeId)
                    .set(PERSONA_TASKS.CLAIM_TOKEN, DSL.field("gen_random_uuid()", UUID.class))
                    .set(PERSONA_TASKS.LEASE_EXPIRES_AT, DatabaseTime.nowPlus(lease))
                    .set(PERSONA_TASKS.STARTED_AT, DSL.coalesce(PERSONA_TASKS.STARTED_AT, DatabaseTime.now()))
                    .set(PERSONA_TASKS.ATTEMPT_COUNT, PERSONA_TASKS.ATTEMPT_COUNT.plus(1))
                    .where(PERSONA_TASKS.ID.in(due))
                    .returning()
                    .fetch();
            if (rows.isEmpty()) {
                return List.of();
            }
            InsertValuesStep7<?, Long, Integer, String, UUID, Integer, Integer, Integer> attempts =
                    ctx.insertInto(PERSONA_TASK_ATTEMPTS,
                            PERSONA_TASK_ATTEMPTS.TASK_ID, PERSONA_TASK_ATTEMPTS.ATTEMPT_NO,
                            PERSONA_TASK_ATTEMPTS.NODE_ID, PERSONA_TASK_ATTEMPTS.CLAIM_TOKEN,
                            PERSONA_TASK_ATTEMPTS.GEMINI_CALLS, PERSONA_TASK_ATTEMPTS.PROMPT_TOKENS,
                            PERSONA_TASK_ATTEMPTS.OUTPUT_TOKENS);
            for (PersonaTasksRecord row : rows) {
                attempts = attempts.values(row.getId(), row.getAttemptCount(), nodeId, row.getClaimToken(), 0, 0, 0);
            }
            attempts.execute();
            return rows.stream()
                    .sorted(Comparator.comparing(PersonaTasksRecord::getScheduledAt)
                            .thenComparing(PersonaTasksRecord::getId))
                    .map(row -> toClaimed(row, nodeId))
                    .toList();
        });
    }

    @Override
    public Optional<Long> complete(ClaimedTask task, Effect effect, Usage usage) {
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            if (!lockClaim(ctx, task)) {
                return Optional.<Long>empty();
            }
            ctx.execute("SELECT 1 FROM personas WHERE id = ? FOR UPDATE", task.personaId());
            Optional<Duration> overLimit = PersonaHourlyLimit.waitFor(ctx, task.personaId(), personaMaxActionsPerHour);
            if (overLimit.isPresent()) {
                String reason = "persona " + task.personaId() + " reached " + personaMaxActionsPerHour
                        + " actions in the last hour while this task ran; nothing published, waits " + overLimit.get();
                backToPending(ctx, task, overLimit.get(), reason, usage, false);
                log.info("task {}: {}", task.id(), reason);
                return Optional.<Long>empty();
            }
            Publisher.Publication publication = Publisher.publish(ctx, task, effect);
            if (publication.refusal() != null) {
                finish(ctx, task, TaskStatus.FAILED, null, publication.refusal(), "FAILED", usage);
                log.warn("task {}: {}; failed it without publishing", task.id(), publication.refusal());
                return Optional.<Long>empty();
            }
            finish(ctx, task, TaskStatus.DONE, publication.resultId(), null, "DONE", usage);
            return Optional.of(publication.resultId());
        });
    }

    @Override
    public boolean retry(ClaimedTask task, Duration backoff, String reason, Usage usage) {
        return release(task, backoff, reason, usage, true);
    }

    @Override
    public boolean defer(ClaimedTask task, Duration delay, String reason, Usage usage) {
        return release(task, delay, reason, usage, false);
    }

    @Override
    public boolean fail(ClaimedTask task, String reason, Usage usage) {
        return dsl.transactionResult(tx -> {
            if (!lockClaim(tx.dsl(), task)) {
                return false;
            }
            finish(tx.dsl(), task, TaskStatus.FAILED, null, reason, "FAILED", usage);
            return true;
        });
    }

    @Override
    public int rescueExpired() {
        return rescue(PERSONA_TASKS.LEASE_EXPIRES_AT.lt(DatabaseTime.now()), "lease expired");
    }

    // Quartz deletes the scheduler_state row of a node it has recovered as failed; a claim held by
    // a node without that row belongs to nobody. Only Quartz nodes claim, after they have checked in.
    @Override
    public int rescueAbandoned() {
        return rescue(DSL.condition("claimed_by NOT IN (SELECT instance_name FROM qrtz_scheduler_state)"),
                "its node left the cluster");
    }

    private int rescue(Condition which, String why) {
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            List<UUID> tokens = ctx.select(PERSONA_TASKS.CLAIM_TOKEN)
                    .from(PERSONA_TASKS)
                    .where(PERSONA_TASKS.STATUS.eq(TaskStatus.RUNNING.name()))
                    .and(which)
                    .forUpdate()
                    .skipLocked()
                    .fetch(PERSONA_TASKS.CLAIM_TOKEN);
            if (tokens.isEmpty()) {
                return 0;
            }
            // a task that keeps taking its node down (or hanging it) must not come back forever: once
            // rescued more often than it may be retried, it fails with the reason
            var exhausted = PERSONA_TASKS.RESCUE_COUNT.plus(1).gt(PERSONA_TASKS.MAX_RETRIES);
            int rescued = ctx.update(PERSONA_TASKS)
                    .set(PERSONA_TASKS.STATUS, DSL.when(exhausted, TaskStatus.FAILED.name())
                            .otherwise(TaskStatus.PENDING.name()))
                    .set(PERSONA_TASKS.COMPLETED_AT, DSL.when(exhausted, DatabaseTime.now())
                            .otherwise(PERSONA_TASKS.COMPLETED_AT))
                    .set(PERSONA_TASKS.ERROR_MESSAGE, DSL.when(exhausted,
                                    DSL.val("gave up: handed back by rescue too often (").concat(
                                            PERSONA_TASKS.RESCUE_COUNT.plus(1).cast(String.class))
                                            .concat(DSL.val(" times); last: " + why)))
                            .otherwise(PERSONA_TASKS.ERROR_MESSAGE))
                    .setNull(PERSONA_TASKS.CLAIM_TOKEN)
                    .setNull(PERSONA_TASKS.LEASE_EXPIRES_AT)
                    .set(PERSONA_TASKS.RESCUE_COUNT, PERSONA_TASKS.RESCUE_COUNT.plus(1))
                    .set(PERSONA_TASKS.SCHEDULED_AT, DatabaseTime.now())
                    .where(PERSONA_TASKS.CLAIM_TOKEN.in(tokens))
                    .execute();
            ctx.update(PERSONA_TASK_ATTEMPTS)
                    .set(PERSONA_TASK_ATTEMPTS.FINISHED_AT, DatabaseTime.now())
                    .set(PERSONA_TASK_ATTEMPTS.OUTCOME, "RESCUED")
                    .set(PERSONA_TASK_ATTEMPTS.ERROR_MESSAGE, why + "; handed back to the cluster")
                    .where(PERSONA_TASK_ATTEMPTS.CLAIM_TOKEN.in(tokens))
                    .execute();
            return rescued;
        });
    }

    @Override
    public Set<UUID> extendLeases(Collection<ClaimedTask> tasks, Duration lease) {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        List<UUID> tokens = tasks.stream().map(ClaimedTask::claimToken).toList();
        return Set.copyOf(dsl.update(PERSONA_TASKS)
                .set(PERSONA_TASKS.LEASE_EXPIRES_AT, DatabaseTime.nowPlus(lease))
                .where(PERSONA_TASKS.CLAIM_TOKEN.in(tokens))
                .and(PERSONA_TASKS.STATUS.eq(TaskStatus.RUNNING.name()))
                .returning(PERSONA_TASKS.CLAIM_TOKEN)
                .fetch(PERSONA_TASKS.CLAIM_TOKEN));
    }

    @Override
    public int release(Collection<ClaimedTask> tasks, String reason) {
        int released = 0;
        for (ClaimedTask task : tasks) {
            if (defer(task, Duration.ZERO, reason, Usage.NONE)) {
                released++;
            }
        }
        return released;
    }

    private boolean release(ClaimedTask task, Duration delay, String reason, Usage usage, boolean countRetry) {
        return dsl.transactionResult(tx -> backToPending(tx.dsl(), task, delay, reason, usage, countRetry));
    }

    private static boolean backToPending(DSLContext ctx, ClaimedTask task, Duration delay, String reason, Usage usage,
            boolean countRetry) {
        int updated = ctx.update(PERSONA_TASKS)
                .set(PERSONA_TASKS.STATUS, TaskStatus.PENDING.name())
                .setNull(PERSONA_TASKS.CLAIM_TOKEN)
                .setNull(PERSONA_TASKS.LEASE_EXPIRES_AT)
                .set(PERSONA_TASKS.SCHEDULED_AT, DatabaseTime.nowPlus(delay))
                .set(PERSONA_TASKS.ERROR_MESSAGE, reason)
                .set(PERSONA_TASKS.RETRY_COUNT, PERSONA_TASKS.RETRY_COUNT.plus(countRetry ? 1 : 0))
                .set(PERSONA_TASKS.DEFER_COUNT, PERSONA_TASKS.DEFER_COUNT.plus(countRetry ? 0 : 1))
                .where(claimed(task))
                .execute();
        if (updated == 0) {
            return false;
        }
        finishAttempt(ctx, task, countRetry ? "RETRY" : "DEFERRED", reason, usage);
        return true;
    }


    private static boolean lockClaim(DSLContext ctx, ClaimedTask task) {
        return ctx.select(PERSONA_TASKS.ID).from(PERSONA_TASKS).where(claimed(task)).forUpdate().fetchOne() != null;
    }

    private static Condition claimed(ClaimedTask task) {
        return PERSONA_TASKS.ID.eq(task.id())
                .and(PERSONA_TASKS.CLAIM_TOKEN.eq(task.claimToken()))
                .and(PERSONA_TASKS.STATUS.eq(TaskStatus.RUNNING.name()));
    }

    private static void finish(DSLContext ctx, ClaimedTask task, TaskStatus status, @Nullable Long resultId,
            @Nullable String error,
            String attemptOutcome, Usage usage) {
        ctx.update(PERSONA_TASKS)
                .set(PERSONA_TASKS.STATUS, status.name())
                .set(PERSONA_TASKS.RESULT_ID, resultId)
                .set(PERSONA_TASKS.ERROR_MESSAGE, error)
                .set(PERSONA_TASKS.COMPLETED_AT, DatabaseTime.now())
                .setNull(PERSONA_TASKS.CLAIM_TOKEN)
                .setNull(PERSONA_TASKS.LEASE_EXPIRES_AT)
                .where(claimed(task))
                .execute();
        finishAttempt(ctx, task, attemptOutcome, error, usage);
    }

    private static void finishAttempt(
            DSLContext ctx, ClaimedTask task, String outcome, @Nullable String error, Usage usage) {
        ctx.update(PERSONA_TASK_ATTEMPTS)
                .set(PERSONA_TASK_ATTEMPTS.FINISHED_AT, DatabaseTime.now())
                .set(PERSONA_TASK_ATTEMPTS.OUTCOME, outcome)
                .set(PERSONA_TASK_ATTEMPTS.ERROR_MESSAGE, error)
                .set(PERSONA_TASK_ATTEMPTS.GEMINI_CALLS, usage.calls())
                .set(PERSONA_TASK_ATTEMPTS.PROMPT_TOKENS, usage.promptTokens())
                .set(PERSONA_TASK_ATTEMPTS.OUTPUT_TOKENS, usage.outputTokens())
                .set(PERSONA_TASK_ATTEMPTS.MODEL, usage.model().isEmpty() ? null : usage.model())
                .where(PERSONA_TASK_ATTEMPTS.CLAIM_TOKEN.eq(task.claimToken()))
                .execute();
    }

    private static ClaimedTask toClaimed(PersonaTasksRecord row, String nodeId) {
        return new ClaimedTask(row.getId(), row.getPersonaId(), TaskType.valueOf(row.getTaskType()),
                row.getPostId(), row.getCommentId(), row.getBoardId(), row.getRetryCount(), row.getMaxRetries(),
                row.getAttemptCount(), nodeId, row.getClaimToken());
    }
}
