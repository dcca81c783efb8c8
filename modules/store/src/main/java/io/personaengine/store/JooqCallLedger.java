package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.GEMINI_CALLS;
import static io.personaengine.store.jooq.Tables.GEMINI_COOLDOWNS;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The cluster's Gemini budget on PostgreSQL: a ring of call counts per time bucket in one
 * {@code gemini_budget} row, per-model pauses after a 429 ({@code gemini_cooldowns}), and a log of
 * the calls sent ({@code gemini_calls}).
 *
 * <p>A grant is one statement: an {@code INSERT … ON CONFLICT DO UPDATE} of the budget row whose
 * condition reads only that row, so concurrent grants on any node serialise on its row lock and
 * each counts what the previous one left. Its cost does not depend on the limit: the ring has
 * {@value #SLOTS} buckets whatever the limit. Calls are counted over the window plus a send
 * margin of 1/60 of it (1 s for the minute): a permit is stamped a moment before its request
 * reaches Gemini, and that moment varies (connection set-up, a GC pause), so two calls stamped a
 * window apart could otherwise arrive within one window upstream. Together with the buckets' width
 * this caps use at about 97.6 % of the limit.
 *
 * <p>A pause is read by each grant in its statement's snapshot, so a grant whose statement began
 * before a pause committed can still go through: at most the calls already racing the 429, never
 * one that starts after.
 *
 * <p>Times are {@code statement_timestamp()}, the database clock every node shares.
 */
public final class JooqCallLedger implements CallPermits, ClaimBudget {

    /** The window of {@code GEMINI_MAX_CALLS_PER_MINUTE}. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
    /** Buckets in the ring; the last {@code SLOTS} buckets, the current one included, are counted. */
    static final int SLOTS = 241;
    /** Log rows older than this are pruned; the stats command looks back one minute. */
    static final Duration RETENTION = Duration.ofMinutes(10);
    /** The one budget every model shares. */
    static final String SCOPE = "all";

    private final DSLContext dsl;
    private final String nodeId;
    private final int maxCalls;
    private final long bucketMillis;
    private final String clock;
    private final String grantSql;

    /**
     * @param nodeId recorded with every call and pause, for operators
     * @param maxCallsPerMinute {@code GEMINI_MAX_CALLS_PER_MINUTE}: calls in any minute, all nodes together
     */
    public JooqCallLedger(DSLContext dsl, String nodeId, int maxCallsPerMinute) {
        this(dsl, nodeId, maxCallsPerMinute, MINUTE);
    }

    /** @param window the sliding window {@code maxCalls} applies to; a minute, but shorter in tests */
    public JooqCallLedger(DSLContext dsl, String nodeId, int maxCalls, Duration window) {
        this(dsl, nodeId, maxCalls, window, Duration.ZERO);
    }

    /** @param shift added to the database clock, so tests can record calls made in the past */
    JooqCallLedger(DSLContext dsl, String nodeId, int maxCalls, Duration window, Duration shift) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be positive: " + maxCalls);
        }
        if (window.toMillis() < 60) {
            throw new IllegalArgumentException("window must be at least 60 ms: " + window);
        }
        this.maxCalls = maxCalls;
        // (SLOTS - 1) buckets before the current one must cover the window and the send margin
        long covered = window.toMillis() + window.toMillis() / 60;
        this.bucketMillis = (covered + SLOTS - 2) / (SLOTS - 1);
        this.clock = "(statement_timestamp() + interval '" + shift.toMillis() + " milliseconds')";
        this.grantSql = grantSql();
    }

    /** The bucket number of the database clock now, as SQL. */
    private String bucketNow() {
        return "(floor(extract(epoch FROM " + clock + ") * 1000)::bigint / " + bucketMillis + ")";
    }

    // Parameters: model (pause), scope, node, model, scope.
    private String grantSql() {
        String slot = "(excluded.last_bucket % " + SLOTS + " + 1)";
        return """
                WITH clock AS (SELECT %1$s AS now, %2$s AS k),
                pause AS (
                    SELECT c.cooldown_until, c.reason FROM gemini_cooldowns c, clock
                    WHERE c.model = ? AND c.cooldown_until > clock.now),
                granted AS (
                    INSERT INTO gemini_budget AS g (scope, last_bucket, buckets, counts)
                    SELECT ?, clock.k,
                           (SELECT array_agg(CASE WHEN i = clock.k %% %3$d + 1 THEN clock.k ELSE -1 END ORDER BY i)
                            FROM generate_series(1, %3$d) i),
                           (SELECT array_agg(CASE WHEN i = clock.k %% %3$d + 1 THEN 1 ELSE 0 END ORDER BY i)
                            FROM generate_series(1, %3$d) i)
                    FROM clock WHERE NOT EXISTS (SELECT 1 FROM pause)
                    ON CONFLICT (scope) DO UPDATE SET
                        last_bucket = excluded.last_bucket,
                        buckets[%4$s] = excluded.last_bucket,
                        counts[%4$s] = CASE WHEN g.buckets[%4$s] = excluded.last_bucket THEN g.counts[%4$s] + 1 ELSE 1 END
                    WHERE (SELECT coalesce(sum(u.c), 0) FROM unnest(g.counts, g.buckets) AS u(c, k)
                           WHERE u.k > excluded.last_bucket - %3$d) < %5$d
                    RETURNING 1),
                logged AS (
                    INSERT INTO gemini_calls (node_id, model, called_at) SELECT ?, ?, clock.now FROM granted, clock)
                SELECT (SELECT count(*) FROM granted) AS granted,
                       (SELECT cooldown_until FROM pause) AS paused_until,
                       (SELECT reason FROM pause) AS pause_reason,
                       (SELECT (s.k + %3$d) * %6$d - floor(extract(epoch FROM clock.now) * 1000)::bigint
                        FROM (SELECT u.k, sum(u.c) OVER (ORDER BY u.k DESC) AS total
                              FROM gemini_budget g, unnest(g.counts, g.buckets) AS u(c, k)
                              WHERE g.scope = ? AND u.k > clock.k - %3$d) s
                        WHERE s.total >= %5$d ORDER BY s.k DESC LIMIT 1) AS frees_in_ms,
                       clock.now
                FROM clock
                """.formatted(clock, bucketNow(), SLOTS, slot, maxCalls, bucketMillis);
    }

    @Override
    public CallPermit tryAcquire(String model) {
        requireNonNull(model, "model");
        // plain JDBC: this runs once per call, and jOOQ would parse the statement again each time
        Object[] state = new Object[5];
        Pipeline.run(dsl, grantSql, List.of(model, SCOPE, nodeId, model, SCOPE), (index, rows) -> {
            rows.next();
            state[0] = rows.getLong("granted");
            state[1] = rows.getObject("paused_until", OffsetDateTime.class);
            state[2] = rows.getString("pause_reason");
            state[3] = rows.getObject("frees_in_ms");
            state[4] = rows.getObject("now", OffsetDateTime.class);
        });
        if ((Long) state[0] > 0) {
            return CallPermit.granted();
        }
        OffsetDateTime now = (OffsetDateTime) state[4];
        OffsetDateTime pausedUntil = (OffsetDateTime) state[1];
        if (pausedUntil != null) {
            Duration remaining = Duration.between(now, pausedUntil);
            return CallPermit.coolingDown(remaining, "Gemini calls to " + model + " are paused cluster-wide for "
                    + remaining.toMillis() + " ms more: " + state[2]);
        }
        Long freesIn = state[3] == null ? null : ((Number) state[3]).longValue();
        Duration wait = Duration.ofMillis(Math.max(1, freesIn == null ? bucketMillis : freesIn));
        return CallPermit.windowFull(wait, "the cluster made its " + maxCalls
                + " Gemini calls of the window (GEMINI_MAX_CALLS_PER_MINUTE); a slot frees in "
                + wait.toMillis() + " ms");
    }

    @Override
    public Duration coolDown(String model, Duration delay, String reason) {
        requireNonNull(delay, "delay");
        return pause(model, DSL.field(clock + " + {0} * interval '1 millisecond'", OffsetDateTime.class,
                DSL.val(Math.max(0, delay.toMillis()))), reason);
    }

    @Override
    public Duration coolDownUntilMidnight(String model, ZoneId zone, String reason) {
        return pause(model, nextMidnight(DSL.field(clock, OffsetDateTime.class), requireNonNull(zone, "zone")),
                reason);
    }

    /**
     * The first midnight after {@code time} in {@code zone}: the next day's date in the zone's wall
     * time, then back to an instant, so a day of 23 or 25 hours (daylight saving) ends where it should.
     */
    static Field<OffsetDateTime> nextMidnight(Field<OffsetDateTime> time, ZoneId zone) {
        return DSL.field("(date_trunc('day', {0} AT TIME ZONE {1}) + interval '1 day') AT TIME ZONE {1}",
                OffsetDateTime.class, time, DSL.val(zone.getId()));
    }

    /** Calls the window admits now, ignoring pauses: what {@link #callsAvailableSql()} gives a claim. */
    public int available() {
        Integer room = dsl.resultQuery("SELECT " + callsAvailableSql()).fetchSingle().get(0, Integer.class);
        return Math.max(0, room);
    }

    /** Calls the window admits now, as one SQL expression: the limit minus the counted calls. */
    @Override
    public String callsAvailableSql() {
        return """
                (SELECT (%1$d - coalesce(sum(u.c), 0))::int
                 FROM gemini_budget g, unnest(g.counts, g.buckets) AS u(c, k)
                 WHERE g.scope = '%2$s' AND u.k > %3$s - %4$d)""".formatted(maxCalls, SCOPE, bucketNow(), SLOTS);
    }

    /**
     * Room for tasks whose first call goes to {@code model}: none while the cluster pauses that
     * model (a 429, a refused key, a retired model), so claims leave their tasks pending instead of
     * taking them only to defer them.
     */
    public ClaimBudget budgetFor(String model) {
        String quoted = requireNonNull(model, "model").replace("'", "''");
        return () -> "(CASE WHEN EXISTS (SELECT 1 FROM gemini_cooldowns c WHERE c.model = '" + quoted
                + "' AND c.cooldown_until > " + clock + ") THEN 0 ELSE " + callsAvailableSql() + " END)";
    }

    /**
     * Deletes log rows older than {@link #RETENTION}; once per tick for the cluster is enough.
     *
     * @return how many rows went
     */
    public int prune() {
        return dsl.deleteFrom(GEMINI_CALLS)
                .where(GEMINI_CALLS.CALLED_AT.lt(DSL.field(clock + " - interval '"
                        + RETENTION.toMinutes() + " minutes'", OffsetDateTime.class)))
                .execute();
    }

    private Duration pause(String model, Field<OffsetDateTime> until, String reason) {
        requireNonNull(model, "model");
        requireNonNull(reason, "reason");
        Field<OffsetDateTime> now = DSL.field(clock, OffsetDateTime.class);
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            ctx.insertInto(GEMINI_COOLDOWNS, GEMINI_COOLDOWNS.MODEL, GEMINI_COOLDOWNS.COOLDOWN_UNTIL,
                            GEMINI_COOLDOWNS.STARTED_AT, GEMINI_COOLDOWNS.NODE_ID, GEMINI_COOLDOWNS.REASON)
                    .values(DSL.val(model), until, now, DSL.val(nodeId), DSL.val(reason))
                    .onConflict(GEMINI_COOLDOWNS.MODEL)
                    .doUpdate()
                    .set(GEMINI_COOLDOWNS.COOLDOWN_UNTIL, DSL.excluded(GEMINI_COOLDOWNS.COOLDOWN_UNTIL))
                    .set(GEMINI_COOLDOWNS.STARTED_AT, DSL.excluded(GEMINI_COOLDOWNS.STARTED_AT))
                    .set(GEMINI_COOLDOWNS.NODE_ID, DSL.excluded(GEMINI_COOLDOWNS.NODE_ID))
                    .set(GEMINI_COOLDOWNS.REASON, DSL.excluded(GEMINI_COOLDOWNS.REASON))
                    // pauses only grow: a short 429 never cuts a daily-quota pause
                    .where(GEMINI_COOLDOWNS.COOLDOWN_UNTIL.lt(DSL.excluded(GEMINI_COOLDOWNS.COOLDOWN_UNTIL)))
                    .execute();
            var pause = ctx.select(now, GEMINI_COOLDOWNS.COOLDOWN_UNTIL)
                    .from(GEMINI_COOLDOWNS)
                    .where(GEMINI_COOLDOWNS.MODEL.eq(model))
                    .fetchSingle();
            Duration remaining = Duration.between(pause.value1(), pause.value2());
            return remaining.isNegative() ? Duration.ZERO : remaining;
        });
    }
}
