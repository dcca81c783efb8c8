package io.personaengine.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Time expressions evaluated on the database clock, the one clock every node agrees on. They use
 * {@code statement_timestamp()}, not {@code now()}: {@code now()} is when the transaction began, before
 * any lock wait, and would stamp a completion that waited on a lock too early.
 */
final class DatabaseTime {

    private DatabaseTime() {}

    static Field<OffsetDateTime> nowPlus(Duration duration) {
        return DSL.field("statement_timestamp() + {0} * interval '1 millisecond'", OffsetDateTime.class,
                DSL.val(duration.toMillis()));
    }
}
