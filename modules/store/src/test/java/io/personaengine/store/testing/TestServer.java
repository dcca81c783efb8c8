package io.personaengine.store.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DatabaseConfig;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server this JVM's tests use, chosen once per JVM by {@link ServerLocator}, and the databases on
 * it: a template migrated once ({@link TemplateDatabase}), and one clone per test class, named
 * {@code persona_test_<run id>_<n>}. Clones whose run is gone (a killed JVM) are dropped when the next
 * run starts.
 */
final class TestServer {

    private static final Logger log = LoggerFactory.getLogger(TestServer.class);

    private static final String PREFIX = "persona_test_";
    private static final Pattern TEST_DATABASE = Pattern.compile(PREFIX + "([0-9a-f]{1,8})_\\d+");
    /** Connections per test class pool; {@link TestDatabase#config()} asks for fewer, for node pools. */
    private static final int POOL_SIZE = 8;
    private static final int CONFIG_POOL_SIZE = 4;

    private static @Nullable TestServer shared;
    private static @Nullable RuntimeException failure;

    private final ServerAddress address;
    private final AdminSession admin;
    private final String template;
    private final AtomicInteger created = new AtomicInteger();

    private TestServer(ServerAddress address, AdminSession admin, String template) {
        this.address = address;
        this.admin = admin;
        this.template = template;
    }

    /** The JVM's server; a failure to set it up is remembered and reported to every later caller. */
    static synchronized TestServer shared() {
        if (failure != null) {
            throw failure;
        }
        if (shared == null) {
            try {
                shared = start(ServerLocator.locate());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    private static TestServer start(ServerAddress address) {
        try {
            AdminSession admin = AdminSession.open(address);
            dropAbandoned(admin);
            String template = TemplateDatabase.ensure(address, admin, MigrationScripts.fingerprint());
            log.info("Test databases are clones of {} on {}", template, address.description());
            return new TestServer(address, admin, template);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare test databases on " + address.description() + ": "
                    + e.getMessage(), e);
        }
    }

    ServerAddress address() {
        return address;
    }

    String template() {
        return template;
    }

    TestDatabase create(Class<?> owner) {
        String name = PREFIX + Integer.toHexString(admin.runId()) + "_" + created.incrementAndGet();
        long begin = System.nanoTime();
        try {
            admin.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " for " + owner.getName() + " on "
                    + address.description() + ": " + e.getMessage(), e);
        }
        log.info("Created test database {} for {} in {} ms", name, owner.getSimpleName(),
                (System.nanoTime() - begin) / 1_000_000);
        String url = address.urlFor(name);
        HikariDataSource pool = ConnectionPool.open(
                new DatabaseConfig(url, address.user(), address.password(), POOL_SIZE), "test-" + owner.getSimpleName());
        return new TestDatabase(name, new DatabaseConfig(url, address.user(), address.password(), CONFIG_POOL_SIZE),
                pool, owner);
    }

    /** Closes the pool and drops the database, even if a test left connections open. */
    void drop(TestDatabase database) {
        database.pool().close();
        try {
            admin.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("Could not drop test database {} ({}); the next test run drops it", database.name(),
                    e.getMessage());
        }
    }

    /** Drops test databases whose run no longer holds its advisory lock. */
    static void dropAbandoned(AdminSession admin) throws SQLException {
        Set<Long> live = admin.liveRunIds();
        for (String name : admin.databasesStartingWith(PREFIX)) {
            Matcher match = TEST_DATABASE.matcher(name);
            if (match.matches() && !live.contains(Long.parseLong(match.group(1), 16))) {
                admin.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                log.info("Dropped test database {}, left behind by a test run that is gone", name);
            }
        }
    }
}
