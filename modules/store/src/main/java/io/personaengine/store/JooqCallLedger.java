package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.GEMINI_CALLS;
import static io.personaengine.store.jooq.Tables.GEMINI_COOLDOWNS;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The cluster's Gemini budget on PostgreSQL: a ledger of the calls every node made
 * ({@code gemini_calls}) and per-model pauses after a 429 ({@code gemini_cooldowns}).
 *
 * <p>A grant is one short transaction: take a transaction-level advisory lock (so grants across the
 * cluster happen one at a time), read any pause and the calls of the window, and insert a row if
 * the window has room. Pauses take the same lock, so no permit is granted once a pause is written.
 *
 * <p>Times are {@code statement_timestamp()}, not {@code now()}: {@code now()} is when the
 * transaction began, before it waited for the lock, and a call stamped earlier than it was counted
 * would leave the window too soon. Both are the database clock, the one every node shares.
 */
public final class JooqCallLedger implements CallPermits {

    /** The window of {@code GEMINI_MAX_CALLS_PER_MINUTE}. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * Calls are counted over the window plus this margin. A permit is stamped a moment before its
     * request reaches Gemini, and that moment varies (connection set-up, a GC pause), so two calls
     * stamped 60 s apart could otherwise arrive 59.9 s apart and share a window upstream. Costs at
     * most 1/61 of the limit.
     */
    static final Duration SEND_MARGIN = Duration.ofSeconds(1);
    static final Duration COUNTED = WINDOW.plus(SEND_MARGIN);
    /** Ledger rows older than this are pruned; the stats command looks back one minute. */
    static final Duration RETENTION = Duration.ofMinutes(10);
    /** Prune on every this-many grants, cluster-wide (by row id), not on each one. */
    static final int PRUNE_EVERY = 100;
    /** The {@code pg_advisory_xact_lock} key of the ledger: "gemini" in ASCII. */
    static final long LOCK_KEY = 0x67656d696e69L;

    private static final Field<OffsetDateTime> STATEMENT_TIME =
            DSL.field("statement_timestamp()", OffsetDateTime.class);

    private final DSLContext dsl;
    private final String nodeId;
    private final int maxCallsPerMinute;

    /**
     * @param nodeId recorded with every call and pause, for operators
     * @param maxCallsPerMinute {@code GEMINI_MAX_CALLS_PER_MINUTE}: calls in any window, all nodes together
     */
    public JooqCallLedger(DSLContext dsl, String nodeId, int maxCallsPerMinute) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        if (maxCallsPerMinute < 1) {
            throw new IllegalArgumentException("maxCallsPerMinute must be positive: " + maxCallsPerMinute);
        }
        this.maxCallsPerMinute = maxCallsPerMinute;
    }

    @Override
    public CallPermit tryAcquire(String model) {
        requireNonNull(model, "model");
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            lock(ctx);
            var state = ctx.select(STATEMENT_TIME, pause(model, GEMINI_COOLDOWNS.COOLDOWN_UNTIL),
                            pause(model, GEMINI_COOLDOWNS.REASON), oldestCallThatFillsTheWindow())
                    .fetchSingle();
            OffsetDateTime now = state.value1();
            if (state.value2() != null) {
                Duration remaining = Duration.between(now, state.value2());
                return CallPermit.coolingDown(remaining, "Gemini calls to " + model + " are paused cluster-wide for "
                        + remaining.toMillis() + " ms more: " + state.value3());
            }
            if (state.value4() != null) {
                Duration wait = Duration.between(now, state.value4().plus(COUNTED));
                return CallPermit.windowFull(wait, "the cluster made its " + maxCallsPerMinute
                        + " Gemini calls of the last minute (GEMINI_MAX_CALLS_PER_MINUTE); a slot frees in "
                        + wait.toMillis() + " ms");
            }
            record(ctx, model, now);
            return CallPermit.granted();
        });
    }

    @Override
    public Duration coolDown(String model, Duration delay, String reason) {
        requireNonNull(delay, "delay");
        return pause(model, DSL.field("statement_timestamp() + {0} * interval '1 millisecond'", OffsetDateTime.class,
                DSL.val(Math.max(0, delay.toMillis()))), reason);
    }

    @Override
    public Duration coolDownUntilMidnight(String model, ZoneId zone, String reason) {
        return pause(model, nextMidnight(STATEMENT_TIME, requireNonNull(zone, "zone")), reason);
    }

    /**
     * The first midnight after {@code time} in {@code zone}: the next day's date in the zone's wall
     * time, then back to an instant, so a day of 23 or 25 hours (daylight saving) ends where it should.
     */
    static Field<OffsetDateTime> nextMidnight(Field<OffsetDateTime> time, ZoneId zone) {
        return DSL.field("(date_trunc('day', {0} AT TIME ZONE {1}) + interval '1 day') AT TIME ZONE {1}",
                OffsetDateTime.class, time, DSL.val(zone.getId()));
    }

    @Override
    public int available() {
        int inWindow = dsl.fetchCount(GEMINI_CALLS, GEMINI_CALLS.CALLED_AT.gt(countedFrom()));
        return Math.max(0, maxCallsPerMinute - inWindow);
    }

    private static void lock(DSLContext ctx) {
        ctx.fetch("SELECT 1 FROM pg_advisory_xact_lock(?)", LOCK_KEY);
    }

    /** A column of the running pause of {@code model}, or null when it is not paused. */
    private static <T> Field<T> pause(String model, Field<T> column) {
        return DSL.field(DSL.select(column)
                .from(GEMINI_COOLDOWNS)
                .where(GEMINI_COOLDOWNS.MODEL.eq(model))
                .and(GEMINI_COOLDOWNS.COOLDOWN_UNTIL.gt(STATEMENT_TIME)));
    }

    /**
     * The limit-th newest call of the window, or null while the window has room: once it leaves the
     * window, only limit - 1 calls remain in it.
     */
    private Field<OffsetDateTime> oldestCallThatFillsTheWindow() {
        return DSL.field(DSL.select(GEMINI_CALLS.CALLED_AT)
                .from(GEMINI_CALLS)
                .where(GEMINI_CALLS.CALLED_AT.gt(countedFrom()))
                .orderBy(GEMINI_CALLS.CALLED_AT.desc())
                .limit(1)
                .offset(maxCallsPerMinute - 1));
    }

    private static Field<OffsetDateTime> countedFrom() {
        return DSL.field("statement_timestamp() - {0} * interval '1 millisecond'", OffsetDateTime.class,
                DSL.val(COUNTED.toMillis()));
    }

    private void record(DSLContext ctx, String model, OffsetDateTime now) {
        long id = ctx.insertInto(GEMINI_CALLS, GEMINI_CALLS.NODE_ID, GEMINI_CALLS.MODEL, GEMINI_CALLS.CALLED_AT)
                .values(nodeId, model, now)
                .returning(GEMINI_CALLS.ID)
                .fetchSingle()
                .getId();
        if (id % PRUNE_EVERY == 0) {
            ctx.deleteFrom(GEMINI_CALLS).where(GEMINI_CALLS.CALLED_AT.lt(now.minus(RETENTION))).execute();
        }
    }

    private Duration pause(String model, Field<OffsetDateTime> until, String reason) {
        requireNonNull(model, "model");
        requireNonNull(reason, "reason");
        return dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            lock(ctx);
            ctx.insertInto(GEMINI_COOLDOWNS, GEMINI_COOLDOWNS.MODEL, GEMINI_COOLDOWNS.COOLDOWN_UNTIL,
                            GEMINI_COOLDOWNS.STARTED_AT, GEMINI_COOLDOWNS.NODE_ID, GEMINI_COOLDOWNS.REASON)
                    .values(DSL.val(model), until, STATEMENT_TIME, DSL.val(nodeId), DSL.val(reason))
                    .onConflict(GEMINI_COOLDOWNS.MODEL)
                    .doUpdate()
                    .set(GEMINI_COOLDOWNS.COOLDOWN_UNTIL, DSL.excluded(GEMINI_COOLDOWNS.COOLDOWN_UNTIL))
                    .set(GEMINI_COOLDOWNS.STARTED_AT, DSL.excluded(GEMINI_COOLDOWNS.STARTED_AT))
                    .set(GEMINI_COOLDOWNS.NODE_ID, DSL.excluded(GEMINI_COOLDOWNS.NODE_ID))
                    .set(GEMINI_COOLDOWNS.REASON, DSL.excluded(GEMINI_COOLDOWNS.REASON))
                    // pauses only grow: a short 429 never cuts a daily-quota pause
                    .where(GEMINI_COOLDOWNS.COOLDOWN_UNTIL.lt(DSL.excluded(GEMINI_COOLDOWNS.COOLDOWN_UNTIL)))
                    .execute();
            var pause = ctx.select(STATEMENT_TIME, GEMINI_COOLDOWNS.COOLDOWN_UNTIL)
                    .from(GEMINI_COOLDOWNS)
                    .where(GEMINI_COOLDOWNS.MODEL.eq(model))
                    .fetchSingle();
            Duration remaining = Duration.between(pause.value1(), pause.value2());
            return remaining.isNegative() ? Duration.ZERO : remaining;
        });
    }
}
