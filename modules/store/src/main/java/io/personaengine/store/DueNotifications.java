package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.runner.TaskMdc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Listens on {@link JooqTaskStore#DUE_CHANNEL} on a connection of its own (outside the pool, which
 * it would hold forever) and runs {@code onDue} whenever tasks become pending anywhere in the
 * cluster, so an idle node claims them at once instead of at its next tick. When the connection
 * breaks it reconnects every few seconds and runs {@code onDue} once it listens again; meanwhile
 * the runner still claims every tick.
 */
public final class DueNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DueNotifications.class);
    private static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final int POLL_MILLIS = 5_000;

    private final DatabaseConfig database;
    private final Runnable onDue;
    private final Thread listener;
    private volatile boolean closed;
    private volatile @Nullable Connection connection;

    public DueNotifications(DatabaseConfig database, String nodeId, Runnable onDue) {
        this.database = requireNonNull(database, "database");
        this.onDue = requireNonNull(onDue, "onDue");
        this.listener = new Thread(() -> {
            MDC.put(TaskMdc.NODE, nodeId); // its lines name the node, as a task's do
            listenUntilClosed();
        }, "due-listener-" + nodeId);
        this.listener.setDaemon(true);
    }

    /**
     * Listens before it returns, when the database answers, so that nothing queued after a node's
     * start goes unheard; then hears notifications on a thread of its own.
     */
    public void start() {
        try {
            connection = listen();
        } catch (SQLException e) {
            log.warn("not hearing about new due tasks yet ({}); will keep trying", e.getMessage());
        }
        listener.start();
    }

    private Connection listen() throws SQLException {
        Connection open = connect();
        try (Statement statement = open.createStatement()) {
            statement.execute("LISTEN " + JooqTaskStore.DUE_CHANNEL);
            return open;
        } catch (SQLException e) {
            open.close();
            throw e;
        }
    }

    private void listenUntilClosed() {
        boolean warned = false;
        while (!closed) {
            Connection ready = connection;
            connection = null;
            try (Connection open = ready != null ? ready : listen()) {
                connection = open;
                if (ready == null) {
                    onDue.run(); // whatever was queued while nobody listened
                }
                warned = false;
                PGConnection notifications = open.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null && received.length > 0) {
                        onDue.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    log.warn("not hearing about new due tasks ({}); reconnecting every {} s, the runner still "
                            + "claims every tick meanwhile", e.getMessage(), RECONNECT.toSeconds());
                    warned = true;
                }
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "persona-engine due listener");
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private boolean pause() {
        try {
            Thread.sleep(RECONNECT.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops listening and closes the connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                log.debug("closing the due listener's connection", e);
            }
        }
        listener.interrupt();
        try {
            listener.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
