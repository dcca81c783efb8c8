package io.personaengine.store.testing;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server as a JDBC URL to its admin database plus credentials.
 *
 * @param description where the server came from, for the log
 */
record ServerAddress(String adminUrl, String user, String password, String description) {

    private static final String HOST_PREFIX = "jdbc:postgresql://";

    ServerAddress {
        requireNonNull(adminUrl, "adminUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(description, "description");
        if (!adminUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + adminUrl);
        }
    }

    /** The admin URL with its database replaced by {@code database}; host, port and parameters stay. */
    String urlFor(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String parameters = query < 0 ? "" : adminUrl.substring(query);
        if (!base.startsWith(HOST_PREFIX)) {
            return "jdbc:postgresql:" + database + parameters;
        }
        int slash = base.indexOf('/', HOST_PREFIX.length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + parameters;
    }

    Connection connectToAdmin() throws SQLException {
        return DriverManager.getConnection(adminUrl, credentials());
    }

    /** Fails within about a second when nothing answers. */
    Connection connectToAdminQuickly() throws SQLException {
        Properties properties = credentials();
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(adminUrl, properties);
    }

    /** Without the password, and without URL parameters, which may hold one. */
    @Override
    public String toString() {
        return "ServerAddress[" + description + ", user " + user + "]";
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }
}
