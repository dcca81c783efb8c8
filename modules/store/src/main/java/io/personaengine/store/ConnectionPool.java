package io.personaengine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the node's one HikariCP pool, shared by the engine, Flyway and Quartz. */
public final class ConnectionPool {

    private ConnectionPool() {}

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
        return new HikariDataSource(hikari);
    }
}
