package io.personaengine.node;

import static io.personaengine.node.config.ConfigKeys.DB_PASSWORD;
import static io.personaengine.node.config.ConfigKeys.DB_URL;
import static io.personaengine.node.config.ConfigKeys.DB_USER;
import static io.personaengine.node.config.ConfigKeys.EMBEDDED_DB_DIR;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.config.Redaction;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a command works on: {@code DB_URL} when set, otherwise an embedded PostgreSQL whose
 * data lives in {@code EMBEDDED_DB_DIR} between runs. Owns the embedded server and an admin pool.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final NodeConfig nodeConfig;
    private final @Nullable EmbeddedPostgresServer embedded;
    private final HikariDataSource pool;

    private Database(NodeConfig nodeConfig, @Nullable EmbeddedPostgresServer embedded) {
        this.nodeConfig = nodeConfig;
        this.embedded = embedded;
        this.pool = ConnectionPool.open(new DatabaseConfig(nodeConfig.get(DB_URL), nodeConfig.get(DB_USER),
                nodeConfig.get(DB_PASSWORD), 2), "admin");
    }

    public static Database open(NodeConfig config) {
        if (config.optional(DB_URL).isPresent()) {
            return new Database(config, null);
        }
        Path dataDirectory = Path.of(config.get(EMBEDDED_DB_DIR)).toAbsolutePath();
        log.info("DB_URL is unset: starting an embedded PostgreSQL with its data in {}", dataDirectory);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
        try {
            return new Database(config.with(Map.of(DB_URL.key(), server.jdbcUrl("postgres"), DB_USER.key(), "postgres",
                    DB_PASSWORD.key(), "")), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The configuration with {@code DB_URL} pointing at this database. */
    public NodeConfig nodeConfig() {
        return nodeConfig;
    }

    /** True when this is the embedded server. */
    public boolean embedded() {
        return embedded != null;
    }

    /** Where the data is: the embedded server's folder, or the JDBC URL. */
    public String location() {
        return embedded != null ? embedded.dataDirectory().toString() : Redaction.redact(nodeConfig.get(DB_URL));
    }

    /** A small pool for administrative work (migrations, seeding, statistics). */
    public HikariDataSource pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
