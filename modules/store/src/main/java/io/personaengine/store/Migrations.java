package io.personaengine.store;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations shipped in this jar ({@code classpath:db/migration}). */
public final class Migrations {

    private Migrations() {}

    /** Migrates the database to the latest version; safe to call from several nodes at once. */
    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                // a migration may rewrite a large table: not bound by the pool's statement timeout
                .initSql("SET statement_timeout = 0")
                .load()
                .migrate();
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections(); // they carry Flyway's session setting
        }
        return result;
    }
}
