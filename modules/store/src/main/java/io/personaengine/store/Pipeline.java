package io.personaengine.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * One or several SQL statements in one round trip, on plain JDBC: for the hot path, where jOOQ's
 * rendering of the same query for every task would cost more CPU than the database work. The
 * driver sends several statements with a single Sync, so outside
 * an explicit transaction they form one implicit transaction: they commit or roll back together,
 * locks taken by one hold for the next, and each sees what the ones before it did (in READ
 * COMMITTED each also takes a fresh snapshot, which is what lets a lock taken by one statement
 * protect the reads of the next).
 */
final class Pipeline {

    /** Reads one result set of the pipeline; {@code index} counts result sets from 0. */
    @FunctionalInterface
    interface ResultReader {
        void read(int index, ResultSet rows) throws SQLException;
    }

    private Pipeline() {}

    /**
     * Runs {@code sql} (statements separated by {@code ;}) with positional parameters; a
     * {@code String[]} binds as a text array, a {@code null} as an untyped null (cast it in SQL).
     */
    static void run(DSLContext dsl, String sql, List<?> parameters, ResultReader reader) {
        dsl.connection(connection -> run(connection, sql, parameters, reader));
    }

    private static void run(Connection connection, String sql, List<?> parameters, ResultReader reader)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof String[] texts) {
                    Array array = connection.createArrayOf("text", texts);
                    statement.setArray(i + 1, array);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            boolean isResultSet = statement.execute();
            int index = 0;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rows = statement.getResultSet()) {
                        reader.read(index++, rows);
                    }
                } else if (statement.getUpdateCount() == -1) {
                    return;
                }
                isResultSet = statement.getMoreResults();
            }
        }
    }
}
