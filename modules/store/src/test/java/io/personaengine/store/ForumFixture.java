package io.personaengine.store;

import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** A tiny forum for store tests: one board, a human author, personas on demand. */
public final class ForumFixture {

    public final DSLContext dsl;
    public final ForumAdmin admin;
    public final long boardId;
    public final long humanId;

    public ForumFixture(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        this.admin = new ForumAdmin(dsl);
        this.boardId = admin.board("kitchen", "The Kitchen", List.of("cooking", "baking"));
        this.humanId = admin.user("maria");
    }

    public long persona(String handle, String... specialties) {
        return admin.persona(handle, handle, "friendly", List.of(specialties), false);
    }

    public long post(String title, String... tags) {
        return admin.post(boardId, humanId, title, "What do you think about " + title + "?", List.of(tags));
    }

    /** Moves a row's time into the past, as if it had been written {@code seconds} ago. */
    public void age(String table, String column, long id, long seconds) {
        dsl.execute("UPDATE " + table + " SET " + column + " = now() - {0} * interval '1 second' WHERE id = {1}",
                DSL.val(seconds), DSL.val(id));
    }
}
