package io.personaengine.store.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This JVM's one connection to the admin database. It runs {@code CREATE/DROP DATABASE}, and for as
 * long as it lives it holds an advisory lock keyed by this run's id, which tells test runs in other
 * JVMs (even on other hosts) that the databases named after this run are still in use.
 */
final class AdminSession implements AutoCloseable {

    /** First key of every advisory lock taken here. */
    private static final int LOCK_SPACE = 0x7065_7273;
    /** Second key of the lock that serialises template builds; run ids are never 0. */
    private static final int TEMPLATE_LOCK = 0;

    private final Connection connection;
    private final int runId;

    private AdminSession(Connection connection, int runId) {
        this.connection = connection;
        this.runId = runId;
    }

    static AdminSession open(ServerAddress server) throws SQLException {
        Connection connection = server.connectToAdmin();
        int runId = 1 + new SecureRandom().nextInt(Integer.MAX_VALUE - 1);
        AdminSession session = new AdminSession(connection, runId);
        try {
            session.execute("SELECT pg_advisory_lock(" + LOCK_SPACE + ", " + runId + ")");
            return session;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    int runId() {
        return runId;
    }

    synchronized void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    synchronized boolean databaseExists(String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    synchronized List<String> databasesStartingWith(String prefix) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname")) {
            query.setString(1, prefix);
            return strings(query);
        }
    }

    /** The run ids whose admin sessions are alive, this one included. */
    synchronized Set<Long> liveRunIds() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT objid::text FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = ?::oid"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            query.setLong(1, LOCK_SPACE);
            Set<Long> live = new HashSet<>();
            strings(query).forEach(id -> live.add(Long.parseLong(id)));
            return live;
        }
    }

    /** Runs {@code work} while no other test JVM builds a template. */
    void withTemplateLock(SqlWork work) throws SQLException {
        execute("SELECT pg_advisory_lock(" + LOCK_SPACE + ", " + TEMPLATE_LOCK + ")");
        try {
            work.run();
        } finally {
            execute("SELECT pg_advisory_unlock(" + LOCK_SPACE + ", " + TEMPLATE_LOCK + ")");
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }

    private static List<String> strings(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }
}
