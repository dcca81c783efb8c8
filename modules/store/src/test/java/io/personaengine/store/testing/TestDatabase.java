package io.personaengine.store.testing;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.store.DatabaseConfig;

/**
 * One test class's database and its pool.
 *
 * @param owner the test class it was created for; only that class's end drops it
 */
record TestDatabase(String name, DatabaseConfig config, HikariDataSource pool, Class<?> owner) {

    TestDatabase {
        requireNonNull(name, "name");
        requireNonNull(config, "config");
        requireNonNull(pool, "pool");
        requireNonNull(owner, "owner");
    }
}
