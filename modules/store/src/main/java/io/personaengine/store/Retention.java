package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jooq.DSLContext;

/**
 * Deletes finished tasks (DONE or FAILED) whose {@code completed_at} is older than the retention,
 * their attempts with them ({@code ON DELETE CASCADE}). PENDING and RUNNING tasks are never
 * touched, and neither is {@code persona_memory}: it outlives its tasks, so a persona never acts
 * twice on a target however old.
 *
 * <p>Work is bounded twice: each statement deletes at most {@code batch} rows, oldest first along
 * {@code persona_tasks_completed_ix}, and one {@link #purge} runs at most {@code maxBatches}
 * statements, each in its own transaction, so a backlog drains over several calls instead of
 * holding locks for long. Rows another purger holds are skipped, so concurrent purges do not
 * wait on each other. Times are on the database clock.
 */
public final class Retention {

    /** Rows per statement by default: about 10 ms of work on a laptop. */
    public static final int DEFAULT_BATCH = 1_000;
    /** Statements per {@link #purge} by default. */
    public static final int DEFAULT_MAX_BATCHES = 5;

    // The inner SELECT walks persona_tasks_completed_ix from the oldest completion and stops at the
    // retention horizon: with nothing to delete it reads no table rows at all.
    static final String DELETE_BATCH = """
            DELETE FROM persona_tasks WHERE id IN (
                SELECT id FROM persona_tasks
                WHERE completed_at < statement_timestamp() - ? * interval '1 millisecond'
                  AND status IN ('DONE', 'FAILED')
                ORDER BY completed_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED)""";

    /**
     * What one {@link #purge} did.
     *
     * @param deleted tasks deleted (their attempts went with them)
     * @param statements DELETE statements run, at least 1
     * @param more true when the last statement was full: expired tasks may remain for the next call
     */
    public record Purge(int deleted, int statements, boolean more) {}

    private final DSLContext dsl;

    public Retention(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /**
     * Deletes up to {@code batch * maxBatches} finished tasks completed more than {@code retention}
     * ago, oldest first.
     */
    public Purge purge(Duration retention, int batch, int maxBatches) {
        requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        if (batch < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch and maxBatches must be positive: " + batch + ", " + maxBatches);
        }
        int deleted = 0;
        for (int statement = 1; ; statement++) {
            int n = dsl.execute(DELETE_BATCH, retention.toMillis(), batch);
            deleted += n;
            if (n < batch || statement == maxBatches) {
                return new Purge(deleted, statement, n == batch);
            }
        }
    }
}
