package io.personaengine.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations shipped in this jar ({@code classpath:db/migration}). */
public final class Migrations {

    private Migrations() {}

    /** Migrates the database to the latest version; safe to call from several nodes at once. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
