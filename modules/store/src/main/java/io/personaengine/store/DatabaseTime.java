package io.personaengine.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Time expressions evaluated on the database clock, the one clock every node agrees on. */
final class DatabaseTime {

    private DatabaseTime() {}

    static Field<OffsetDateTime> now() {
        return DSL.field("now()", OffsetDateTime.class);
    }

    static Field<OffsetDateTime> nowPlus(Duration duration) {
        return DSL.field("now() + {0} * interval '1 millisecond'", OffsetDateTime.class,
                DSL.val(duration.toMillis()));
    }
}
