package io.personaengine.store.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.Migrations;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrated database every test database is cloned from, named after the migration scripts'
 * fingerprint so that a changed script never reuses a stale template. Built once per server and
 * kept; only the build is serialised between JVMs.
 */
final class TemplateDatabase {

    private static final Logger log = LoggerFactory.getLogger(TemplateDatabase.class);

    private TemplateDatabase() {}

    /** @return the template's name, built first if the server has none for these scripts */
    static String ensure(ServerAddress server, AdminSession admin, String fingerprint) throws SQLException {
        String name = "persona_tpl_" + fingerprint;
        if (!admin.databaseExists(name)) {
            admin.withTemplateLock(() -> {
                if (!admin.databaseExists(name)) {
                    build(server, admin, name);
                }
            });
        }
        return name;
    }

    /**
     * Migrates under a temporary name and renames only when complete, so a build killed half-way
     * leaves nothing that looks finished.
     */
    private static void build(ServerAddress server, AdminSession admin, String name) throws SQLException {
        long begin = System.nanoTime();
        String building = name + "_building";
        admin.execute("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
        admin.execute("CREATE DATABASE " + building + " TEMPLATE template0");
        DatabaseConfig config = new DatabaseConfig(server.urlFor(building), server.user(), server.password(), 2);
        try (HikariDataSource pool = ConnectionPool.open(config, "test-template")) {
            Migrations.migrate(pool);
        }
        admin.execute("ALTER DATABASE " + building + " RENAME TO " + name);
        // no connections: CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template
        admin.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        log.info("Built template database {} from the migrations in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
    }
}
