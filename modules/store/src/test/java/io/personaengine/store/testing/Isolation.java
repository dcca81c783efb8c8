package io.personaengine.store.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** What {@link FirstIsolatedClassTest} and {@link SecondIsolatedClassTest} both check. */
final class Isolation {

    /** Database name to the test class that got it, across the classes of this JVM. */
    private static final Map<String, Class<?>> HANDED_OUT = new ConcurrentHashMap<>();

    private Isolation() {}

    static void claimDatabase(TestDatabaseExtension db, Class<?> testClass) {
        Class<?> previous = HANDED_OUT.putIfAbsent(db.databaseName(), testClass);
        assertThat(previous).as("class that already had " + db.databaseName()).isIn(null, testClass);
    }

    static void requireMigrated(TestDatabaseExtension db) throws SQLException {
        assertThat(column(db.dataSource(), "SELECT count(*) FROM persona_tasks")).containsExactly("0");
        assertThat(column(db.dataSource(), "SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .containsExactly("0");
        assertThat(column(db.dataSource(), "SELECT to_regclass('qrtz_locks') IS NOT NULL")).containsExactly("t");
    }

    static void writeAndSeeOnlyOwnRows(TestDatabaseExtension db, Class<?> testClass) throws SQLException {
        String slug = testClass.getSimpleName().toLowerCase();
        execute(db.dataSource(), "INSERT INTO boards (slug, name, tags) VALUES ('" + slug + "', 'Board', '{}')");

        assertThat(column(db.dataSource(), "SELECT slug FROM boards")).containsExactly(slug);
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<String> column(DataSource dataSource, String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
