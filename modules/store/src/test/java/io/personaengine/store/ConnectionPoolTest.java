package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every pooled connection starts with the server-side bounds that keep a frozen node from stalling others. */
class ConnectionPoolTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    @Test
    void pooledSessionsBoundStatementsLockWaitsAndIdleTransactions() throws SQLException {
        try (HikariDataSource pool = ConnectionPool.open(db.databaseConfig(), "bounds-test");
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(setting(statement, "statement_timeout")).isEqualTo("30s");
            assertThat(setting(statement, "lock_timeout")).isEqualTo("10s");
            assertThat(setting(statement, "idle_in_transaction_session_timeout")).isEqualTo("15s");
        }
    }

    @Test
    void migratingDoesNotLeaveTheMigrationsUnboundedSessionInThePool() throws SQLException {
        try (HikariDataSource pool = ConnectionPool.open(db.databaseConfig(), "migrate-test")) {
            Migrations.migrate(pool);
            for (int i = 0; i < 3; i++) {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    assertThat(setting(statement, "statement_timeout")).isEqualTo("30s");
                }
            }
        }
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
