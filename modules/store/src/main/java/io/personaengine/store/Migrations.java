package io.personaengine.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations shipped in this jar ({@code classpath:db/migration}). */
public final class Migrations {

    private Migrations() {}

    /** Lifts the statement timeout on every connection Flyway opens. */
    private static final class UnboundedStatements implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_CONNECT;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("SET statement_timeout = 0");
            } catch (SQLException e) {
                throw new IllegalStateException("could not lift the statement timeout for migrations", e);
            }
        }

        @Override
        public String getCallbackName() {
            return "unbounded-statements";
        }
    }

    /** Migrates the database to the latest version; safe to call from several nodes at once. */
    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                // a migration may rewrite a large table: not bound by the pool's statement timeout
                .callbacks(new UnboundedStatements())
                .load()
                .migrate();
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections(); // they carry Flyway's session setting
        }
        return result;
    }
}
