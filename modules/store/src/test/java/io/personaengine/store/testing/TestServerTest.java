package io.personaengine.store.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.store.ConnectionPool;
import java.sql.Connection;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestServerTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private final TestServer server = TestServer.shared();

    @Test
    void namesTheTemplateAfterTheMigrationScripts() {
        assertThat(server.template()).isEqualTo("persona_tpl_" + MigrationScripts.fingerprint());
    }

    @Test
    void dropsADatabaseEvenWhileSomeoneIsStillConnected() throws Exception {
        TestDatabase database = server.create(getClass());
        try (Connection stillOpen = DriverManager.getConnection(database.config().jdbcUrl(),
                database.config().user(), database.config().password());
                AdminSession admin = AdminSession.open(server.address())) {

            server.drop(database);

            assertThat(admin.databaseExists(database.name())).isFalse();
            assertThat(stillOpen.isValid(1)).isFalse();
        }
    }

    @Test
    void dropsDatabasesLeftBehindByGoneRunsButKeepsThoseOfLiveRuns() throws Exception {
        try (AdminSession admin = AdminSession.open(server.address())) {
            admin.execute("CREATE DATABASE persona_test_0_1");

            TestServer.dropAbandoned(admin);

            assertThat(admin.databaseExists("persona_test_0_1")).isFalse();
            assertThat(admin.databaseExists(db.databaseName())).isTrue();
        }
    }

    @Test
    void itsDatabaseConfigReachesTheSameDatabaseAsItsDataSource() throws Exception {
        Isolation.execute(db.dataSource(), "CREATE TABLE IF NOT EXISTS marker (id int)");

        try (var ownPool = ConnectionPool.open(db.databaseConfig(), "node-under-test")) {
            DataSource nodePool = ownPool;
            assertThat(Isolation.column(nodePool, "SELECT current_database()")).containsExactly(db.databaseName());
            assertThat(Isolation.column(nodePool, "SELECT to_regclass('marker') IS NOT NULL")).containsExactly("t");
        }
        assertThat(db.jdbcUrl()).endsWith("/" + db.databaseName());
        assertThat(db.databaseConfig().poolSize()).isGreaterThanOrEqualTo(2);
    }
}
