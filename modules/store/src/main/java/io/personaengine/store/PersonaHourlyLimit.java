package io.personaengine.store;

import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record1;

/**
 * The per-persona limit on actions in any rolling hour, on the database clock: when a persona
 * already has {@code limit} actions in the last hour, how long until the oldest that counts leaves it.
 */
final class PersonaHourlyLimit {

    // the limit-th most recent action of the last hour; once it is an hour old, one more fits
    private static final String WAIT = """
            SELECT EXTRACT(EPOCH FROM (completed_at + interval '1 hour' - statement_timestamp())) * 1000
            FROM persona_tasks
            WHERE persona_id = ? AND status = 'DONE' AND completed_at > statement_timestamp() - interval '1 hour'
            ORDER BY completed_at DESC
            OFFSET ? LIMIT 1
            """;

    private PersonaHourlyLimit() {}

    /** Empty while the persona may act now, else how long until it may. */
    static Optional<Duration> waitFor(DSLContext ctx, long personaId, int limit) {
        if (limit == Integer.MAX_VALUE) {
            return Optional.empty();
        }
        if (limit <= 0) {
            return Optional.of(Duration.ofHours(1));
        }
        Record1<?> row = (Record1<?>) ctx.resultQuery(WAIT, personaId, limit - 1).fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        long millis = Math.max(1_000, ((Number) row.get(0)).longValue() + 1_000); // a second past the edge
        return Optional.of(Duration.ofMillis(millis));
    }
}
