package io.personaengine.node;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Counts what a {@link DataSource}'s users ask of the database, at the JDBC boundary: every
 * statement executed and every commit, rollback or validity check is one round trip. A
 * transaction is an explicit commit, or one execution that carries several statements (the
 * driver sends them with a single Sync, so they run as one implicit transaction); a lone
 * statement in auto-commit is a round trip only.
 */
final class RoundTrips {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();

    int roundTrips() {
        return roundTrips.get();
    }

    int transactions() {
        return transactions.get();
    }

    void reset() {
        roundTrips.set(0);
        transactions.set(0);
    }

    DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) -> method.getName().equals("getConnection")
                ? connection((Connection) result) : result);
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args, result) -> {
            switch (method.getName()) {
                case "commit" -> {
                    roundTrips.incrementAndGet();
                    transactions.incrementAndGet();
                }
                case "rollback", "isValid" -> roundTrips.incrementAndGet();
                case "prepareStatement", "prepareCall" -> {
                    return statement((Statement) result, (String) args[0]);
                }
                case "createStatement" -> {
                    return statement((Statement) result, null);
                }
                default -> { }
            }
            return result;
        });
    }

    private Statement statement(Statement target, String preparedSql) {
        Class<?> type = target instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : target instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return (Statement) proxy(type, target, (method, args, result) -> {
            if (EXECUTIONS.contains(method.getName())) {
                roundTrips.incrementAndGet();
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                if (sql != null && sql.strip().replaceAll(";$", "").contains(";")) {
                    transactions.incrementAndGet();
                }
            }
            return result;
        });
    }

    /** Calls through to the target, then lets {@code after} see or replace the result. */
    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Object target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
