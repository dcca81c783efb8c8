package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static java.util.Objects.requireNonNull;

import io.personaengine.store.jooq.tables.records.PersonaTasksRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** The task history for operators: newest first, filtered by status, type, persona and age. */
public final class TaskHistory {

    /** One task as the {@code tasks} command shows it. */
    public record Row(
            long id,
            String type,
            String status,
            long personaId,
            @Nullable Long postId,
            @Nullable Long commentId,
            @Nullable Long boardId,
            OffsetDateTime createdAt,
            OffsetDateTime scheduledAt,
            @Nullable OffsetDateTime completedAt,
            int retryCount,
            int maxRetries,
            int attemptCount,
            int rescueCount,
            int deferCount,
            @Nullable String claimedBy,
            @Nullable Long resultId,
            @Nullable String errorMessage) {}

    /** What to show; empty filters match everything. */
    public record Query(
            Optional<String> status, Optional<String> type, Optional<Long> personaId, Optional<Duration> since,
            int limit) {
        public Query {
            requireNonNull(status, "status");
            requireNonNull(type, "type");
            requireNonNull(personaId, "personaId");
            requireNonNull(since, "since");
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive: " + limit);
            }
        }
    }

    private final DSLContext dsl;

    public TaskHistory(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    public List<Row> find(Query query) {
        List<Condition> where = new ArrayList<>();
        query.status().ifPresent(s -> where.add(PERSONA_TASKS.STATUS.eq(s)));
        query.type().ifPresent(t -> where.add(PERSONA_TASKS.TASK_TYPE.eq(t)));
        query.personaId().ifPresent(p -> where.add(PERSONA_TASKS.PERSONA_ID.eq(p)));
        query.since().ifPresent(d -> where.add(PERSONA_TASKS.CREATED_AT.gt(
                DSL.field("now() - {0} * interval '1 millisecond'", OffsetDateTime.class, DSL.val(d.toMillis())))));
        return dsl.selectFrom(PERSONA_TASKS)
                .where(where)
                .orderBy(PERSONA_TASKS.ID.desc())
                .limit(query.limit())
                .fetch(TaskHistory::toRow);
    }

    private static Row toRow(PersonaTasksRecord r) {
        return new Row(r.getId(), r.getTaskType(), r.getStatus(), r.getPersonaId(), r.getPostId(), r.getCommentId(),
                r.getBoardId(), r.getCreatedAt(), r.getScheduledAt(), r.getCompletedAt(), r.getRetryCount(),
                r.getMaxRetries(), r.getAttemptCount(), r.getRescueCount(), r.getDeferCount(), r.getClaimedBy(),
                r.getResultId(), r.getErrorMessage());
    }
}
