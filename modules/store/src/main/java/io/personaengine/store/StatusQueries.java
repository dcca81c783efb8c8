package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * The read-only queries behind a node's status page and its queue gauges. All but
 * {@link #finishedTasks()} read an index or a small table, so a page refresh or a scrape costs the
 * database little; {@link #finishedTasks()} reads the kept history and is for rare reads.
 * Text columns come back as stored: error messages quote Gemini and forum content, so whoever shows
 * them must escape them.
 */
public final class StatusQueries {

    /** The most attempts {@link #recentAttempts} returns. */
    public static final int MAX_ATTEMPTS = 200;

    /** One branch per open status, so each can read the partial index that holds only that status. */
    static final String OPEN_TASKS = """
            SELECT task_type, status, count(*)::int AS n FROM persona_tasks WHERE status = 'PENDING'
            GROUP BY 1, 2
            UNION ALL
            SELECT task_type, status, count(*)::int AS n FROM persona_tasks WHERE status = 'RUNNING'
            GROUP BY 1, 2
            ORDER BY 1, 2""";

    private final DSLContext dsl;

    public StatusQueries(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /**
     * A node with a row in {@code engine_nodes}.
     *
     * @param sinceHeartbeat from its last heartbeat to now, on the database clock
     */
    public record Node(String nodeId, Instant startedAt, Instant heartbeatAt, Duration sinceHeartbeat) {}

    /** Every node with a heartbeat row, newest heartbeat first. */
    public List<Node> nodes() {
        return dsl.fetch("""
                        SELECT node_id, started_at, heartbeat_at,
                               (EXTRACT(EPOCH FROM statement_timestamp() - heartbeat_at) * 1000)::bigint AS since_ms
                        FROM engine_nodes ORDER BY heartbeat_at DESC, node_id""")
                .map(r -> new Node(r.get("node_id", String.class), instant(r, "started_at"),
                        instant(r, "heartbeat_at"), Duration.ofMillis(Math.max(0, r.get("since_ms", Long.class)))));
    }

    /** How many tasks of one type are in one status; only combinations with tasks appear. */
    public record QueueCount(String type, String status, int count) {}

    /**
     * Every open task, PENDING and RUNNING, counted exactly by type and status, ordered by type then
     * status. It reads only the partial indexes on open tasks and their rows, so its cost follows the
     * open tasks, not the finished ones the table keeps for {@code TASK_RETENTION}.
     */
    public List<QueueCount> openTasks() {
        return counts(OPEN_TASKS);
    }

    /**
     * Every finished task the table still keeps, DONE and FAILED, counted exactly by type and status,
     * ordered by type then status. Tasks stay for {@code TASK_RETENTION} after they finish, so this
     * reads up to that much history: ask it rarely, not on every scrape.
     */
    public List<QueueCount> finishedTasks() {
        return counts("""
                SELECT task_type, status, count(*)::int AS n FROM persona_tasks WHERE status IN ('DONE', 'FAILED')
                GROUP BY 1, 2 ORDER BY 1, 2""");
    }

    private List<QueueCount> counts(String sql) {
        return dsl.fetch(sql).map(r -> new QueueCount(r.get("task_type", String.class), r.get("status", String.class),
                r.get("n", Integer.class)));
    }

    /**
     * One execution of a task.
     *
     * @param persona the persona's display name; forum content, so untrusted
     * @param finishedAt null while it runs
     * @param outcome {@code DONE}, {@code RETRY}, {@code DEFERRED}, {@code FAILED} or {@code RESCUED};
     *     null while it runs
     * @param errorMessage why it did not succeed; quotes upstream answers, so untrusted
     */
    public record Attempt(long taskId, int attemptNo, String type, long personaId, String persona, String nodeId,
            Instant startedAt, @Nullable Instant finishedAt, @Nullable String outcome,
            @Nullable String errorMessage) {}

    /**
     * The latest {@code limit} attempts of any task, newest first.
     *
     * @throws IllegalArgumentException unless {@code limit} is 1 to {@link #MAX_ATTEMPTS}
     */
    public List<Attempt> recentAttempts(int limit) {
        if (limit < 1 || limit > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_ATTEMPTS + ": " + limit);
        }
        return dsl.fetch("""
                        SELECT a.task_id, a.attempt_no, t.task_type, t.persona_id, p.display_name, a.node_id,
                               a.started_at, a.finished_at, a.outcome, a.error_message
                        FROM persona_task_attempts a
                        JOIN persona_tasks t ON t.id = a.task_id
                        JOIN personas p ON p.id = t.persona_id
                        ORDER BY a.started_at DESC, a.id DESC
                        LIMIT ?""", limit)
                .map(r -> new Attempt(r.get("task_id", Long.class), r.get("attempt_no", Integer.class),
                        r.get("task_type", String.class), r.get("persona_id", Long.class),
                        r.get("display_name", String.class), r.get("node_id", String.class),
                        instant(r, "started_at"), nullableInstant(r, "finished_at"), r.get("outcome", String.class),
                        r.get("error_message", String.class)));
    }

    private static Instant instant(Record r, String column) {
        return r.get(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant nullableInstant(Record r, String column) {
        OffsetDateTime value = r.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
