package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASK_ATTEMPTS;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Figures about the queue and its history, for progress lines, summaries and the stats command. */
public final class QueueStatistics {

    private final DSLContext dsl;

    public QueueStatistics(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /** Task counts keyed {@code "TYPE STATUS"}. */
    public Map<String, Integer> tasksByTypeAndStatus() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.STATUS, DSL.count())
                .from(PERSONA_TASKS)
                .groupBy(PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.STATUS)
                .forEach(r -> counts.put(r.value1() + " " + r.value2(), r.value3()));
        return counts;
    }

    /** Task counts by status. */
    public Map<String, Integer> tasksByStatus() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.STATUS, DSL.count())
                .from(PERSONA_TASKS)
                .groupBy(PERSONA_TASKS.STATUS)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** Finished tasks by type, {@code DONE} only. */
    public Map<String, Integer> doneByType() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.TASK_TYPE, DSL.count())
                .from(PERSONA_TASKS)
                .where(PERSONA_TASKS.STATUS.eq("DONE"))
                .groupBy(PERSONA_TASKS.TASK_TYPE)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** Comments published by persona tasks. */
    public int personaComments() {
        return dsl.fetchCount(COMMENTS, COMMENTS.TASK_ID.isNotNull());
    }

    /** Attempts so far, with their Gemini calls and tokens. */
    public AttemptTotals attempts() {
        var row = dsl.select(DSL.count(),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.GEMINI_CALLS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.PROMPT_TOKENS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.OUTPUT_TOKENS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.countDistinct(PERSONA_TASK_ATTEMPTS.NODE_ID))
                .from(PERSONA_TASK_ATTEMPTS)
                .fetchSingle();
        return new AttemptTotals(row.value1(), row.value2().longValue(), row.value3().longValue(),
                row.value4().longValue(), row.value5());
    }

    /** A node of the cluster and how long ago it last stamped its heartbeat, on the database clock. */
    public record LiveNode(String nodeId, Duration sinceHeartbeat) {}

    /** The nodes that have heartbeats in {@code engine_nodes}, newest heartbeat first. */
    public List<LiveNode> liveNodes() {
        return dsl.fetch("""
                        SELECT node_id, (EXTRACT(EPOCH FROM statement_timestamp() - heartbeat_at) * 1000)::bigint
                        FROM engine_nodes ORDER BY heartbeat_at DESC, node_id""")
                .map(r -> new LiveNode(r.get(0, String.class), Duration.ofMillis(Math.max(0, r.get(1, Long.class)))));
    }

    /** How long the oldest due task has been waiting, if any is due. */
    public Optional<Duration> oldestDueLag() {
        Long millis = dsl.fetchSingle("""
                SELECT (EXTRACT(EPOCH FROM now() - min(scheduled_at)) * 1000)::bigint
                FROM persona_tasks WHERE status = 'PENDING' AND scheduled_at <= now()""").get(0, Long.class);
        return Optional.ofNullable(millis).map(Duration::ofMillis);
    }

    /** Gemini calls the whole cluster sent in the last 60 s. */
    public int geminiCallsLastMinute() {
        return dsl.fetchSingle("SELECT count(*) FROM gemini_calls WHERE called_at > now() - interval '60 seconds'")
                .get(0, Integer.class);
    }

    /** A pause of calls to a model: after a 429, or while the key or the model is refused. */
    public record Pause(Duration left, String reason) {}

    /** Models paused now, with the time left and why. */
    public Map<String, Pause> pausedModels() {
        Map<String, Pause> paused = new TreeMap<>();
        dsl.fetch("""
                        SELECT model, (EXTRACT(EPOCH FROM cooldown_until - now()) * 1000)::bigint, reason
                        FROM gemini_cooldowns WHERE cooldown_until > now()""")
                .forEach(r -> paused.put(r.get(0, String.class),
                        new Pause(Duration.ofMillis(r.get(1, Long.class)), r.get(2, String.class))));
        return paused;
    }

    /** Failures finished within {@code window}, counted by the first 80 characters of their reason. */
    public Map<String, Integer> failuresByReason(Duration window) {
        Map<String, Integer> failures = new LinkedHashMap<>();
        dsl.fetch("""
                        SELECT left(coalesce(error_message, '(no reason)'), 80) AS reason, count(*) AS n
                        FROM persona_tasks
                        WHERE status = 'FAILED' AND completed_at > now() - ? * interval '1 millisecond'
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""", window.toMillis())
                .forEach(r -> failures.put(r.get(0, String.class), r.get(1, Integer.class)));
        return failures;
    }

    /**
     * A text a persona published.
     *
     * @param kind {@code comment}, {@code reply}, {@code post} or {@code image post}
     * @param id the comment's or the post's id
     * @param author the persona's display name
     * @param text a comment's body, a post's title; forum content, so untrusted
     */
    public record Published(String kind, long id, String author, String text, OffsetDateTime createdAt) {}

    /** The newest {@code limit} comments, replies and posts by personas, newest first. */
    public List<Published> latestPublished(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        // each side reads only its newest rows (created_at indexes), so this stays cheap as the forum grows
        return dsl.fetch("""
                        SELECT kind, id, display_name, text, created_at FROM (
                            (SELECT CASE WHEN c.parent_id IS NULL THEN 'comment' ELSE 'reply' END AS kind, c.id,
                                    pe.display_name, c.body AS text, c.created_at
                             FROM comments c JOIN personas pe ON pe.user_id = c.author_id
                             ORDER BY c.created_at DESC, c.id DESC LIMIT ?)
                            UNION ALL
                            (SELECT CASE WHEN p.image_id IS NULL THEN 'post' ELSE 'image post' END, p.id,
                                    pe.display_name, p.title, p.created_at
                             FROM posts p JOIN personas pe ON pe.user_id = p.author_id
                             ORDER BY p.created_at DESC, p.id DESC LIMIT ?)
                        ) latest
                        ORDER BY created_at DESC, kind, id DESC
                        LIMIT ?""", limit, limit, limit)
                .map(r -> new Published(r.get(0, String.class), r.get(1, Long.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, OffsetDateTime.class)));
    }

    /** Totals over {@code persona_task_attempts}. */
    public record AttemptTotals(int attempts, long geminiCalls, long promptTokens, long outputTokens, int nodes) {}
}
