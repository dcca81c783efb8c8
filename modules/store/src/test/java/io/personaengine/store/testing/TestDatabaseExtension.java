package io.personaengine.store.testing;

import io.personaengine.store.DatabaseConfig;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class a fresh PostgreSQL database with every migration applied, and drops it after
 * the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabaseExtension db = new TestDatabaseExtension();
 * }</pre>
 *
 * <p>The field must be static: the database lives from before the first test of the class to after
 * the last, and {@code @Nested} classes share it. Which server holds the databases is decided once
 * per JVM: {@code TEST_DB_URL} (a JDBC URL to an admin database, with {@code TEST_DB_USER} and
 * {@code TEST_DB_PASSWORD}) when set, else PostgreSQL on 127.0.0.1:5432 as user postgres, else an
 * embedded server. Databases are cheap clones of a template migrated once per version of the scripts.
 */
public final class TestDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

    private final AtomicReference<@Nullable TestDatabase> database = new AtomicReference<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        if (database.get() == null) {
            database.set(TestServer.shared().create(context.getRequiredTestClass()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase current = database.get();
        if (current != null && current.owner() == context.getRequiredTestClass()) {
            database.set(null);
            TestServer.shared().drop(current);
        }
    }

    /** A pool of up to 8 connections to this class's database, closed after the class. */
    public DataSource dataSource() {
        return current().pool();
    }

    public String jdbcUrl() {
        return current().config().jdbcUrl();
    }

    /** Where this class's database is, for code that opens pools of its own (pool size 4). */
    public DatabaseConfig databaseConfig() {
        return current().config();
    }

    public String databaseName() {
        return current().name();
    }

    private TestDatabase current() {
        TestDatabase current = database.get();
        if (current == null) {
            throw new IllegalStateException("no test database: register TestDatabaseExtension on a static field"
                    + " with @RegisterExtension, and use it from tests or @BeforeAll/@BeforeEach methods");
        }
        return current;
    }
}
