package io.personaengine.store.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One of two classes that must not share a database; see {@link Isolation}. */
class SecondIsolatedClassTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    @Test
    void getsADatabaseNoOtherClassGot() {
        Isolation.claimDatabase(db, getClass());
    }

    @Test
    void startsWithEveryMigrationApplied() throws Exception {
        Isolation.requireMigrated(db);
    }

    @Test
    void seesOnlyTheRowsItWrote() throws Exception {
        Isolation.writeAndSeeOnlyOwnRows(db, getClass());
    }
}
