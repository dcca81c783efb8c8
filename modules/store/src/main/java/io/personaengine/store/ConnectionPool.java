package io.personaengine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Builds the node's one HikariCP pool, shared by the engine, Flyway and Quartz. Every wait is
 * bounded, so a node that freezes (VM pause, partition, long GC) stalls nobody else for long: the
 * server ends its statements after {@link #STATEMENT_TIMEOUT}, gives up waiting for a lock after
 * {@link #LOCK_TIMEOUT}, and ends a session left idle inside a transaction after
 * {@link #IDLE_IN_TRANSACTION_TIMEOUT}, which releases whatever the frozen node held; the driver
 * gives up on a silent socket and keeps idle connections alive with TCP keepalive.
 */
public final class ConnectionPool {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    /** Longer than any statement may run, so a read timeout means the server or the path is gone. */
    static final Duration SOCKET_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(15);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ConnectionPool() {}

    /** The session settings every pooled connection starts with, as the driver's {@code options}. */
    static String sessionOptions() {
        return "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis()
                + " -c lock_timeout=" + LOCK_TIMEOUT.toMillis()
                + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis();
    }

    public static HikariDataSource open(DatabaseConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName(poolName);
        // Quartz manages its own transactions on these connections
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(10_000);
        hikari.addDataSourceProperty("options", sessionOptions());
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(hikari);
    }
}
