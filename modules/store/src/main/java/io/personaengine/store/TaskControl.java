package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The operator's hands on the queue: {@link #requeue} gives FAILED tasks a fresh start, {@link
 * #cancel} fails PENDING ones. Both are single statements, safe while nodes run: a requeued task is
 * claimed like any other, and a cancelled one is no longer PENDING, so no claim can take it.
 */
public final class TaskControl {

    /** The reason a cancelled task carries. */
    public static final String CANCELLED = "cancelled by operator";

    /**
     * Which tasks an operation applies to; empty parts do not filter. At least one part must be set.
     *
     * @param since FAILED within this long (requeue: by completion), or created within (cancel)
     * @param reasonLike an SQL {@code ILIKE} pattern on the error message, e.g. {@code %timeout%}
     */
    public record Filter(List<Long> ids, Optional<TaskType> type, Optional<Long> personaId, Optional<Duration> since,
            Optional<String> reasonLike) {

        public Filter {
            ids = List.copyOf(ids);
            requireNonNull(type, "type");
            requireNonNull(personaId, "personaId");
            requireNonNull(since, "since");
            requireNonNull(reasonLike, "reasonLike");
        }

        public static Filter all() {
            return new Filter(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public boolean isEmpty() {
            return ids.isEmpty() && type.isEmpty() && personaId.isEmpty() && since.isEmpty() && reasonLike.isEmpty();
        }
    }

    /**
     * @param requeued the tasks now PENDING again, by id
     * @param skipped FAILED tasks that matched but stay FAILED, because another task for the same
     *     persona, type and target is open (or a newer failed one was requeued for it), or the persona
     *     already acted there
     */
    public record Requeued(List<Long> requeued, List<Long> skipped) {}

    private final DSLContext dsl;

    public TaskControl(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /**
     * Puts matching FAILED tasks back to PENDING, due now, with their retries fresh ({@code
     * retry_count} 0); their attempts stay as history. Tasks cancelled by an operator come back only
     * when named by id or matched by {@code reasonLike}. Of several FAILED tasks for one (persona,
     * type, target) the newest comes back, since at most one may be open. Wakes every node's claimer.
     */
    public Requeued requeue(Filter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, "t.completed_at", args);
        String cancelled = filter.ids().isEmpty() && filter.reasonLike().isEmpty()
                ? " AND t.error_message IS DISTINCT FROM '" + CANCELLED + "'" : "";
        args.add(JooqTaskStore.DUE_CHANNEL);
        List<Long> requeued = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        dsl.fetch("""
                WITH matched AS (
                    SELECT t.id, t.persona_id, t.task_type, t.target_key FROM persona_tasks t
                    WHERE t.status = 'FAILED'%s%s
                    FOR UPDATE),
                chosen AS (
                    SELECT DISTINCT ON (m.persona_id, m.task_type, m.target_key) m.id FROM matched m
                    WHERE NOT EXISTS (SELECT 1 FROM persona_tasks o
                                      WHERE o.persona_id = m.persona_id AND o.task_type = m.task_type
                                        AND o.target_key = m.target_key AND o.status IN ('PENDING', 'RUNNING'))
                      AND NOT (m.task_type IN ('COMMENT', 'VOTE', 'REPLY') AND EXISTS (
                               SELECT 1 FROM persona_memory pm
                               WHERE pm.persona_id = m.persona_id AND pm.task_type = m.task_type
                                 AND pm.target_id = m.target_key))
                    ORDER BY m.persona_id, m.task_type, m.target_key, m.id DESC),
                requeued AS (
                    UPDATE persona_tasks t SET
                        status = 'PENDING', scheduled_at = statement_timestamp(), retry_count = 0,
                        started_at = NULL, completed_at = NULL, error_message = NULL, result_id = NULL,
                        rescue_count = 0, defer_count = 0
                    FROM chosen c WHERE t.id = c.id
                    RETURNING t.id),
                woken AS (
                    SELECT pg_notify(?, 'requeued') WHERE EXISTS (SELECT 1 FROM requeued))
                SELECT m.id, m.id IN (SELECT id FROM requeued) AS requeued, (SELECT count(*) FROM woken) AS woken
                FROM matched m ORDER BY m.id""".formatted(where, cancelled), args.toArray())
                .forEach(r -> (r.get("requeued", Boolean.class) ? requeued : skipped).add(r.get("id", Long.class)));
        return new Requeued(requeued, skipped);
    }

    /** Fails matching PENDING tasks with the reason {@value #CANCELLED}; they are never executed. */
    public List<Long> cancel(Filter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, "t.created_at", args);
        args.add(0, CANCELLED);
        return dsl.fetch("""
                UPDATE persona_tasks t SET status = 'FAILED', completed_at = statement_timestamp(), error_message = ?
                WHERE t.status = 'PENDING'%s
                RETURNING t.id""".formatted(where), args.toArray())
                .map(r -> r.get(0, Long.class)).stream().sorted().toList();
    }

    private static String where(Filter filter, String sinceColumn, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        if (!filter.ids().isEmpty()) {
            sql.append(" AND t.id = ANY (?)");
            args.add(filter.ids().toArray(Long[]::new));
        }
        filter.type().ifPresent(type -> {
            sql.append(" AND t.task_type = ?");
            args.add(type.name());
        });
        filter.personaId().ifPresent(id -> {
            sql.append(" AND t.persona_id = ?");
            args.add(id);
        });
        filter.since().ifPresent(since -> {
            sql.append(" AND ").append(sinceColumn).append(" >= statement_timestamp() - ? * interval '1 millisecond'");
            args.add(since.toMillis());
        });
        filter.reasonLike().ifPresent(pattern -> {
            sql.append(" AND t.error_message ILIKE ?");
            args.add(pattern);
        });
        return sql.toString();
    }
}
