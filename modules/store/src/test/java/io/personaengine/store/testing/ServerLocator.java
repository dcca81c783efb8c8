package io.personaengine.store.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PostgreSQL server for this JVM's tests: {@code TEST_DB_URL} (with {@code TEST_DB_USER},
 * {@code TEST_DB_PASSWORD}) when set; else a server on 127.0.0.1:5432 that lets user postgres in
 * within about a second; else an {@link EmbeddedTestServer}.
 */
final class ServerLocator {

    private static final Logger log = LoggerFactory.getLogger(ServerLocator.class);

    private ServerLocator() {}

    static ServerAddress locate() {
        String url = System.getenv("TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            String trimmed = url.trim();
            // the URL may carry a password parameter: describe it without its parameters
            return new ServerAddress(trimmed, environment("TEST_DB_USER", "postgres"),
                    environment("TEST_DB_PASSWORD", ""), "TEST_DB_URL " + trimmed.replaceFirst("\\?.*", "?…"));
        }
        return localServer().orElseGet(EmbeddedTestServer::start);
    }

    private static Optional<ServerAddress> localServer() {
        ServerAddress local = new ServerAddress("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "",
                "the local server at 127.0.0.1:5432");
        try (Connection probe = local.connectToAdminQuickly()) {
            return probe.isValid(1) ? Optional.of(local) : Optional.empty();
        } catch (SQLException e) {
            log.info("No usable PostgreSQL at 127.0.0.1:5432 for user postgres ({}); starting an embedded server",
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static String environment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
