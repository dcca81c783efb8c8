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
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

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
 * this caps use at about 97.6 % of the limit. The margin is at least {@value #MIN_SEND_MARGIN_MS}
 * ms whatever the window: the delay it covers does not shrink with a window shortened for tests
 * (a node's first calls reached Gemini up to 270 ms after their stamp).
 *
 * <p>A pause is read by each grant in its statement's snapshot, so a grant whose statement began
 * before a pause committed can still go through: at most the calls already racing the 429, never
 * one that starts after.
 *
 * <p>Times are {@code statement_timestamp()}, the database clock every node shares.
 */
public final class JooqCallLedger implements CallPermits {

    /** The window of {@code GEMINI_MAX_CALLS_PER_MINUTE}. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
    /** Buckets in the ring; the last {@code SLOTS} buckets, the current one included, are counted. */
    static final int SLOTS = 241;
    /** The least send margin, in milliseconds of real time. */
    static final long MIN_SEND_MARGIN_MS = 300;
    /** Log rows older than this are pruned; the stats command looks back one minute. */
    static final Duration RETENTION = Duration.ofMinutes(10);
    /** Daily quotas reset at midnight here. */
    static final String QUOTA_ZONE = "America/Los_Angeles";

    private final DSLContext dsl;
    private final String nodeId;
    private final Supplier<GeminiLimits.Values> limits;
    private final @Nullable String imageModel;
    private final long bucketMillis;
    private final long windowMillis;
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
        this(dsl, nodeId, fixed(maxCalls), null, window, shift);
    }

    /**
     * A ledger that applies the cluster's limits as {@code limits} gives them at each call, every
     * limit to each model on its own.
     *
     * @param imageModel the model the image limit applies to, or null for none
     * @param window the window of the per-minute limits; a minute, but shorter in tests
     */
    public JooqCallLedger(DSLContext dsl, String nodeId, Supplier<GeminiLimits.Values> limits,
            @Nullable String imageModel, Duration window) {
        this(dsl, nodeId, limits, imageModel, window, Duration.ZERO);
    }

    JooqCallLedger(DSLContext dsl, String nodeId, Supplier<GeminiLimits.Values> limits, @Nullable String imageModel,
            Duration window, Duration shift) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.limits = requireNonNull(limits, "limits");
        this.imageModel = imageModel;
        if (window.toMillis() < 60) {
            throw new IllegalArgumentException("window must be at least 60 ms: " + window);
        }
        // (SLOTS - 1) buckets before the current one must cover the window and the send margin
        long covered = window.toMillis() + Math.max(window.toMillis() / 60, MIN_SEND_MARGIN_MS);
        this.bucketMillis = (covered + SLOTS - 2) / (SLOTS - 1);
        this.windowMillis = window.toMillis();
        this.clock = "(statement_timestamp() + interval '" + shift.toMillis() + " milliseconds')";
        this.grantSql = grantSql();
    }

    private static Supplier<GeminiLimits.Values> fixed(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be positive: " + maxCalls);
        }
        GeminiLimits.Values values = GeminiLimits.Values.calls(maxCalls);
        return () -> values;
    }

    /** The bucket number of the database clock now, as SQL. */
    private String bucketNow() {
        return "(floor(extract(epoch FROM " + clock + ") * 1000)::bigint / " + bucketMillis + ")";
    }

    /** The limits that apply to calls to {@code model} now. */
    GeminiLimits.ModelLimits limitsFor(String model) {
        return limits.get().forModel(model.equals(imageModel));
    }

    /**
     * The grant. Parameters, in order: model (pause); scope, estimate (new row); tokens limit,
     * estimate, tokens limit (a first call larger than the token limit); calls limit twice; tokens
     * limit twice; day limit twice (existing row); step, calls limit twice (additive increase); node,
     * model (log); scope (report); calls limit twice; estimate, tokens limit (report).
     *
     * <p>The waits of a refusal ({@code *_free_in_ms}) are computed only on a refusal: the row stays
     * locked until the statement ends, and a grant needs none of them.
     *
     * <p>The calls allowed are the limit, or the lowered rate after a 429 ({@code adaptive_calls});
     * each grant a window after the rate's last change raises it by a step, back to the limit.
     */
    private String grantSql() {
        String slot = "(excluded.last_bucket % " + SLOTS + " + 1)";
        String aWindowAfter = "g.adaptive_at <= excluded.adaptive_at - interval '" + windowMillis + " milliseconds'";
        return """
                WITH clock AS (SELECT %1$s AS now, %2$s AS k, ((%1$s) AT TIME ZONE '%6$s')::date AS day),
                pause AS (
                    SELECT c.cooldown_until, c.reason FROM gemini_cooldowns c, clock
                    WHERE c.model = ? AND c.cooldown_until > clock.now),
                granted AS (
                    INSERT INTO gemini_budget AS g (scope, last_bucket, buckets, counts, tokens, day, day_calls, adaptive_at)
                    SELECT ?, clock.k,
                           (SELECT array_agg(CASE WHEN i = clock.k %% %3$d + 1 THEN clock.k ELSE -1 END ORDER BY i)
                            FROM generate_series(1, %3$d) i),
                           (SELECT array_agg(CASE WHEN i = clock.k %% %3$d + 1 THEN 1 ELSE 0 END ORDER BY i)
                            FROM generate_series(1, %3$d) i),
                           (SELECT array_agg(CASE WHEN i = clock.k %% %3$d + 1 THEN e.n ELSE 0 END ORDER BY i)
                            FROM generate_series(1, %3$d) i, (SELECT ?::bigint AS n) e),
                           clock.day, 1, clock.now
                    FROM clock
                    WHERE NOT EXISTS (SELECT 1 FROM pause) AND (?::bigint IS NULL OR ?::bigint <= ?::bigint)
                    ON CONFLICT (scope) DO UPDATE SET
                        last_bucket = excluded.last_bucket,
                        buckets[%4$s] = excluded.last_bucket,
                        counts[%4$s] = CASE WHEN g.buckets[%4$s] = excluded.last_bucket THEN g.counts[%4$s] + 1 ELSE 1 END,
                        tokens[%4$s] = CASE WHEN g.buckets[%4$s] = excluded.last_bucket THEN g.tokens[%4$s] ELSE 0 END
                                       + excluded.tokens[%4$s],
                        day = excluded.day,
                        day_calls = CASE WHEN g.day = excluded.day THEN g.day_calls + 1 ELSE 1 END,
                        adaptive_calls = CASE WHEN g.adaptive_calls IS NOT NULL AND %7$s
                                              THEN nullif(least(g.adaptive_calls + ?::int, ?::bigint), ?::bigint)::int
                                              ELSE g.adaptive_calls END,
                        adaptive_at = CASE WHEN g.adaptive_calls IS NOT NULL AND %7$s
                                           THEN excluded.adaptive_at ELSE g.adaptive_at END
                    WHERE (SELECT coalesce(sum(u.c), 0) FROM unnest(g.counts, g.buckets) AS u(c, k)
                           WHERE u.k > excluded.last_bucket - %3$d) < least(?::bigint, coalesce(g.adaptive_calls, ?::bigint))
                      AND (?::bigint IS NULL
                           OR (SELECT coalesce(sum(u.t), 0) FROM unnest(g.tokens, g.buckets) AS u(t, k)
                               WHERE u.k > excluded.last_bucket - %3$d) + excluded.tokens[%4$s] <= ?::bigint)
                      AND (?::bigint IS NULL OR g.day IS DISTINCT FROM excluded.day OR g.day_calls < ?::bigint)
                    RETURNING g.last_bucket),
                logged AS (
                    INSERT INTO gemini_calls (node_id, model, called_at) SELECT ?, ?, clock.now FROM granted, clock),
                cur AS (SELECT g.* FROM gemini_budget g WHERE g.scope = ?)
                SELECT (SELECT last_bucket FROM granted) AS ticket,
                       (SELECT cooldown_until FROM pause) AS paused_until,
                       (SELECT reason FROM pause) AS pause_reason,
                       (SELECT CASE WHEN cur.day = clock.day THEN cur.day_calls ELSE 0 END FROM cur) AS day_calls,
                       (SELECT adaptive_calls FROM cur) AS adaptive_calls,
                       CASE WHEN NOT EXISTS (SELECT 1 FROM granted) THEN
                       (SELECT (s.k + %3$d) * %5$d - floor(extract(epoch FROM clock.now) * 1000)::bigint
                        FROM (SELECT u.k, sum(u.c) OVER (ORDER BY u.k DESC) AS total
                              FROM cur, unnest(cur.counts, cur.buckets) AS u(c, k) WHERE u.k > clock.k - %3$d) s
                        WHERE s.total >= least(?::bigint, coalesce((SELECT adaptive_calls FROM cur), ?::bigint))
                        ORDER BY s.k DESC LIMIT 1) END AS calls_free_in_ms,
                       CASE WHEN NOT EXISTS (SELECT 1 FROM granted) THEN
                       (SELECT (s.k + %3$d) * %5$d - floor(extract(epoch FROM clock.now) * 1000)::bigint
                        FROM (SELECT u.k, sum(u.t) OVER (ORDER BY u.k DESC) AS total
                              FROM cur, unnest(cur.tokens, cur.buckets) AS u(t, k) WHERE u.k > clock.k - %3$d) s
                        WHERE s.total + ?::bigint > ?::bigint ORDER BY s.k DESC LIMIT 1) END AS tokens_free_in_ms,
                       (extract(epoch FROM ((date_trunc('day', clock.now AT TIME ZONE '%6$s') + interval '1 day')
                                             AT TIME ZONE '%6$s') - clock.now) * 1000)::bigint AS day_ends_in_ms,
                       clock.now
                FROM clock
                """.formatted(clock, bucketNow(), SLOTS, slot, bucketMillis, QUOTA_ZONE, aWindowAfter);
    }

    /** The additive increase: the calls a lowered rate regains per window, 2 % of the limit and at least one. */
    static long step(long limit) {
        return Math.max(1, limit / 50);
    }

    /** The multiplicative decrease: each 429 takes the rate to this share of what it was. */
    static final double DECREASE = 0.9;

    /**
     * Lowers the cluster's rate to {@code model} after a 429 to {@value #DECREASE} of the rate in force
     * (the limit, or the rate already lowered), at most once per half window, since one overload
     * answers several calls in flight with 429. A lone 429 thus costs a tenth of the rate for a few
     * windows; a limit far above Google's real one comes down a tenth per 429. Grants raise it again.
     */
    @Override
    public void rateLimited(String model) {
        long limit = limitsFor(requireNonNull(model, "model")).calls();
        dsl.execute("""
                UPDATE gemini_budget g SET
                    adaptive_calls = greatest(1, floor(least(coalesce(g.adaptive_calls, ?::bigint), ?::bigint) * %1$s))::int,
                    adaptive_at = %2$s,
                    decreased_at = %2$s
                WHERE g.scope = ? AND (g.decreased_at IS NULL
                                       OR g.decreased_at <= %2$s - interval '%3$d milliseconds')""".formatted(
                DECREASE, clock, windowMillis / 2), limit, limit, model);
    }

    @Override
    public CallPermit tryAcquire(String model) {
        return tryAcquire(model, 0);
    }

    @Override
    public CallPermit tryAcquire(String model, long inputTokens) {
        requireNonNull(model, "model");
        if (inputTokens < 0) {
            throw new IllegalArgumentException("inputTokens cannot be negative: " + inputTokens);
        }
        GeminiLimits.ModelLimits limit = limitsFor(model);
        Long tokens = limit.tokens();
        Long perDay = limit.callsPerDay();
        // plain JDBC: this runs once per call, and jOOQ would parse the statement again each time
        Object[] state = new Object[9];
        List<Object> parameters = java.util.Arrays.asList(model, model, inputTokens, tokens, inputTokens, tokens,
                step(limit.calls()), limit.calls(), limit.calls(), limit.calls(), limit.calls(), tokens, tokens, perDay,
                perDay, nodeId, model, model, limit.calls(), limit.calls(), inputTokens, tokens);
        Pipeline.run(dsl, grantSql, parameters, (index, rows) -> {
            rows.next();
            state[0] = rows.getObject("ticket");
            state[1] = rows.getObject("paused_until", OffsetDateTime.class);
            state[2] = rows.getString("pause_reason");
            state[3] = rows.getObject("calls_free_in_ms");
            state[4] = rows.getObject("tokens_free_in_ms");
            state[5] = rows.getObject("day_calls");
            state[6] = rows.getLong("day_ends_in_ms");
            state[7] = rows.getObject("now", OffsetDateTime.class);
            state[8] = rows.getObject("adaptive_calls");
        });
        if (state[0] != null) {
            return CallPermit.granted(((Number) state[0]).longValue(), inputTokens);
        }
        OffsetDateTime now = (OffsetDateTime) state[7];
        OffsetDateTime pausedUntil = (OffsetDateTime) state[1];
        if (pausedUntil != null) {
            Duration remaining = Duration.between(now, pausedUntil);
            return CallPermit.coolingDown(remaining, "Gemini calls to " + model + " are paused cluster-wide for "
                    + remaining.toMillis() + " ms more: " + state[2]);
        }
        if (perDay != null && state[5] != null && ((Number) state[5]).longValue() >= perDay) {
            Duration wait = Duration.ofMillis(Math.max(1, (Long) state[6]));
            return CallPermit.windowFull(wait, "the cluster made its " + perDay + " calls of the day to " + model
                    + " (GEMINI_MAX_CALLS_PER_DAY); the day ends at midnight in Los Angeles, in "
                    + wait.toMinutes() + " min");
        }
        if (state[3] != null) {
            Duration wait = Duration.ofMillis(Math.max(1, ((Number) state[3]).longValue()));
            Number lowered = (Number) state[8];
            String made = lowered != null && lowered.longValue() < limit.calls()
                    ? lowered + " calls of the window to " + model + " (lowered from " + limit.calls() + " "
                            + callsKey(model) + " after Gemini answered 429)"
                    : limit.calls() + " calls of the window to " + model + " (" + callsKey(model) + ")";
            return CallPermit.windowFull(wait, "the cluster made its " + made + "; a slot frees in "
                    + wait.toMillis() + " ms");
        }
        if (tokens != null && inputTokens > tokens) {
            return CallPermit.windowFull(Duration.ofMillis(bucketMillis), "a prompt of about " + inputTokens
                    + " input tokens can never fit GEMINI_MAX_TOKENS_PER_MINUTE=" + tokens + " for " + model);
        }
        Duration wait = Duration.ofMillis(Math.max(1, state[4] == null ? bucketMillis : ((Number) state[4]).longValue()));
        return CallPermit.windowFull(wait, "the cluster sent its " + tokens + " input tokens of the window to "
                + model + " (GEMINI_MAX_TOKENS_PER_MINUTE); room for about " + inputTokens + " more frees in "
                + wait.toMillis() + " ms");
    }

    private String callsKey(String model) {
        return model.equals(imageModel) && limits.get().imageCallsPerMinute() != null
                && limits.get().imageCallsPerMinute() < limits.get().callsPerMinute()
                ? "GEMINI_IMAGE_MAX_CALLS_PER_MINUTE" : "GEMINI_MAX_CALLS_PER_MINUTE";
    }

    /**
     * Notes that {@code permit} took {@code actualInputTokens}, not the estimate it counted. The
     * correction reaches the database with the next {@link #flushSettlements()}, off the call's path:
     * until then the estimate (high by design) stays counted, which only errs on the safe side.
     */
    @Override
    public void settle(String model, CallPermit permit, long actualInputTokens) {
        long delta = actualInputTokens - permit.inputTokens();
        if (permit.isGranted() && permit.ticket() >= 0 && delta != 0) {
            settlements.add(new Settlement(model, permit.ticket(), delta));
        }
    }

    private record Settlement(String model, long ticket, long delta) {}

    private final java.util.concurrent.ConcurrentLinkedQueue<Settlement> settlements =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Applies the corrections noted since the last flush, in one round trip, each in the bucket its
     * permit was counted in; a bucket that has left the ring is skipped. Every node calls it with
     * its heartbeat.
     *
     * @return how many corrections were sent
     */
    public int flushSettlements() {
        java.util.Map<String, Long> deltas = new java.util.LinkedHashMap<>();
        java.util.Map<String, Settlement> firsts = new java.util.LinkedHashMap<>();
        for (Settlement s; (s = settlements.poll()) != null; ) {
            String key = s.model() + "\u0000" + s.ticket();
            deltas.merge(key, s.delta(), Long::sum);
            firsts.putIfAbsent(key, s);
        }
        if (deltas.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new java.util.ArrayList<>();
        firsts.forEach((key, s) -> {
            long slot = s.ticket() % SLOTS + 1;
            sql.append("UPDATE gemini_budget SET tokens[").append(slot).append("] = greatest(0, tokens[").append(slot)
                    .append("] + ?) WHERE scope = ? AND buckets[").append(slot).append("] = ?;\n");
            parameters.add(deltas.get(key));
            parameters.add(s.model());
            parameters.add(s.ticket());
        });
        Pipeline.run(dsl, sql.toString(), parameters, (index, rows) -> { });
        return deltas.size();
    }

    /**
     * What the window holds now for one model: calls and input tokens, and calls of the day.
     *
     * @param loweredCalls the calls a window allows since Gemini answered 429, while below the limit
     */
    public record ModelUsage(long calls, long inputTokens, long callsToday, @Nullable Long loweredCalls) {

        public ModelUsage(long calls, long inputTokens, long callsToday) {
            this(calls, inputTokens, callsToday, null);
        }
    }

    /** Use of {@code model}'s budget now; zeros before its first call. */
    public ModelUsage usage(String model) {
        var row = dsl.fetchOptional("""
                SELECT (SELECT coalesce(sum(u.c), 0) FROM unnest(g.counts, g.buckets) AS u(c, k) WHERE u.k > %1$s - %2$d),
                       (SELECT coalesce(sum(u.t), 0) FROM unnest(g.tokens, g.buckets) AS u(t, k) WHERE u.k > %1$s - %2$d),
                       CASE WHEN g.day = ((%3$s) AT TIME ZONE '%4$s')::date THEN g.day_calls ELSE 0 END,
                       g.adaptive_calls
                FROM gemini_budget g WHERE g.scope = ?""".formatted(bucketNow(), SLOTS, clock, QUOTA_ZONE), model);
        return row.map(r -> new ModelUsage(r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class),
                        r.get(3, Long.class)))
                .orElse(new ModelUsage(0, 0, 0));
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

    /** Calls the window admits now to {@code model}, ignoring pauses: what a claim's room starts from. */
    public int available(String model) {
        Integer room = dsl.resultQuery("SELECT " + callsAvailableSql(model)).fetchSingle().get(0, Integer.class);
        return Math.max(0, room);
    }

    /**
     * Calls {@code model}'s budget admits now, as one SQL expression: the call limit minus the calls
     * in the window, no more than the calls left today, and no more than the input tokens left in the
     * window would pay for at the window's average tokens per call. Formatted with the limits of the
     * moment, so a changed limit holds from the next claim.
     */
    String callsAvailableSql(String model) {
        GeminiLimits.ModelLimits limit = limitsFor(model);
        String quoted = model.replace("'", "''");
        String window = "u.k > %s - %d".formatted(bucketNow(), SLOTS);
        String calls = "(SELECT coalesce(sum(u.c), 0) FROM unnest(g.counts, g.buckets) AS u(c, k) WHERE " + window + ")";
        String tokens = "(SELECT coalesce(sum(u.t), 0) FROM unnest(g.tokens, g.buckets) AS u(t, k) WHERE " + window + ")";
        StringBuilder room = new StringBuilder("least(coalesce(least(w.lowered, " + limit.calls() + "), "
                + limit.calls() + ") - w.calls");
        if (limit.callsPerDay() != null) {
            room.append(", ").append(limit.callsPerDay()).append(" - w.today");
        }
        if (limit.tokens() != null) {
            room.append(", CASE WHEN w.calls = 0 THEN 2147483647 ELSE (").append(limit.tokens())
                    .append(" - w.tokens) * w.calls / w.tokens END");
        }
        room.append(")");
        return """
                (SELECT coalesce((SELECT greatest(0, %1$s)::int
                                  FROM (SELECT %2$s AS calls, greatest(1, %3$s) AS tokens, g.adaptive_calls AS lowered,
                                               CASE WHEN g.day = ((%4$s) AT TIME ZONE '%5$s')::date THEN g.day_calls ELSE 0 END AS today
                                        FROM gemini_budget g WHERE g.scope = '%6$s') w), %7$d))""".formatted(
                room, calls, tokens, clock, QUOTA_ZONE, quoted, Math.min(Integer.MAX_VALUE, limit.calls()));
    }

    /**
     * Room for tasks whose first call goes to {@code model}: none while the cluster pauses that
     * model (a 429, a refused key, a retired model), so claims leave their tasks pending instead of
     * taking them only to defer them.
     */
    public ClaimBudget budgetFor(String model) {
        String quoted = requireNonNull(model, "model").replace("'", "''");
        return () -> "(CASE WHEN EXISTS (SELECT 1 FROM gemini_cooldowns c WHERE c.model = '" + quoted
                + "' AND c.cooldown_until > " + clock + ") THEN 0 ELSE " + callsAvailableSql(model) + " END)";
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
