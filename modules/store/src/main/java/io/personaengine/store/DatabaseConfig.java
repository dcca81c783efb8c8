package io.personaengine.store;

import static java.util.Objects.requireNonNull;

/**
 * Where the shared database is and how many connections a node may hold.
 *
 * @param password never logged; {@link #toString()} masks it
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    public DatabaseConfig {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        if (poolSize < 2) {
            // Flyway and Quartz each need a connection of their own while a node starts
            throw new IllegalArgumentException("pool size must be at least 2: " + poolSize);
        }
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "****") + ", poolSize=" + poolSize + "]";
    }
}
