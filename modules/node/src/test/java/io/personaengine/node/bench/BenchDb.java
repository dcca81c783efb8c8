package io.personaengine.node.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The PostgreSQL server the suite measures against ({@code BENCH_DB_HOST}, {@code BENCH_DB_PORT},
 * {@code BENCH_DB_USER}, {@code BENCH_DB_PASSWORD}; default 127.0.0.1:5432, postgres). Every run gets a
 * fresh database cloned from one template migrated at the start of the suite.
 */
final class BenchDb {

    static final String TEMPLATE = "persona_bench_tpl";

    final String host = env("BENCH_DB_HOST", "127.0.0.1");
    final int port = Integer.parseInt(env("BENCH_DB_PORT", "5432"));
    final String user = env("BENCH_DB_USER", "postgres");
    final String password = env("BENCH_DB_PASSWORD", "");
    private final boolean keep = "1".equals(System.getenv("BENCH_KEEP_DBS"));

    String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Runs statements on the {@code postgres} database, outside any transaction. */
    void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(url("postgres"), user, password);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin statement failed: " + e.getMessage(), e);
        }
    }

    String serverVersion() {
        try (Connection c = DriverManager.getConnection(url("postgres"), user, password);
                Statement s = c.createStatement();
                var rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + host + ":" + port, e);
        }
    }

    /** (Re)builds the template from the migrations shipped in the node's classpath. */
    void buildTemplate() {
        dropDatabase(TEMPLATE);
        admin("CREATE DATABASE " + TEMPLATE + " TEMPLATE template0");
        try (HikariDataSource pool = ConnectionPool.open(
                new DatabaseConfig(url(TEMPLATE), user, password, 2), "bench-template")) {
            Migrations.migrate(pool);
        }
        admin("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }

    /** A fresh migrated database named {@code name}, dropped again by {@link Db#close()}. */
    Db fresh(String name) {
        dropDatabase(name);
        admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return new Db(this, name, ConnectionPool.open(new DatabaseConfig(url(name), user, password, 4), "bench-" + name));
    }

    void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(url("postgres"), user, password);
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    void dropTemplate() {
        dropDatabase(TEMPLATE);
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One benchmark database with a small pool for seeding and reading results. */
    static final class Db implements AutoCloseable {

        final String name;
        final String url;
        final HikariDataSource pool;
        final DSLContext dsl;
        private final BenchDb server;

        Db(BenchDb server, String name, HikariDataSource pool) {
            this.server = server;
            this.name = name;
            this.url = server.url(name);
            this.pool = pool;
            this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
        }

        /** The database clock, read now (not the transaction's start). */
        Instant now() {
            return instant("SELECT clock_timestamp()");
        }

        /** The single timestamp {@code sql} returns, or null. */
        Instant instant(String sql, Object... args) {
            OffsetDateTime value = dsl.fetchOne(sql, args).get(0, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }

        long count(String sql, Object... args) {
            return dsl.fetchValue(sql, args) instanceof Number n ? n.longValue() : 0;
        }

        @Override
        public void close() {
            pool.close();
            if (!server.keep) {
                server.dropDatabase(name);
            }
        }
    }
}
