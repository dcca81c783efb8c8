package io.personaengine.node.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaengine.node.metrics.CoalescedRead;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Whether the node is healthy: its database answers {@code SELECT 1} through the node's own pool
 * within {@link #TIMEOUT}, and the node runs (its Quartz scheduler started, not in standby or shut
 * down, the node not closing). Concurrent probes share one database round trip. Reasons never hold
 * a configured secret. Thread-safe.
 */
public final class HealthCheck implements AutoCloseable {

    /** The longest a probe waits for the database. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_REASON = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One probe's verdict.
     *
     * @param database {@code UP} or {@code DOWN}
     * @param scheduler {@code RUNNING}, {@code STARTING}, {@code STOPPING}, {@code SHUT_DOWN} or
     *     {@code UNKNOWN}
     * @param reason why the node is not healthy; null when it is
     */
    public record Health(String node, String database, String scheduler, @Nullable String reason) {

        public boolean up() {
            return reason == null;
        }

        /** {@code {"status":"UP"|"DOWN","node":…,"database":…,"scheduler":…[,"reason":…]}} */
        public String json() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", up() ? "UP" : "DOWN");
            body.put("node", node);
            body.put("database", database);
            body.put("scheduler", scheduler);
            if (reason != null) {
                body.put("reason", reason);
            }
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a map of strings as JSON", e);
            }
        }
    }

    private final String nodeId;
    private final Scheduler quartz;
    private final BooleanSupplier closing;
    private final Secrets secrets;
    private final CoalescedRead<Boolean> probe;

    /**
     * @param pool the node's pool, so a probe sees what the node's work sees
     * @param closing true once the node began to shut down
     */
    public HealthCheck(String nodeId, DataSource pool, Scheduler quartz, BooleanSupplier closing, Secrets secrets) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.quartz = requireNonNull(quartz, "quartz");
        this.closing = requireNonNull(closing, "closing");
        this.secrets = requireNonNull(secrets, "secrets");
        requireNonNull(pool, "pool");
        this.probe = new CoalescedRead<>("health-" + nodeId, () -> selectOne(pool));
    }

    private static boolean selectOne(DataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) TIMEOUT.toSeconds());
            statement.execute("SELECT 1");
            return true;
        }
    }

    /** Probes now; takes at most about {@link #TIMEOUT}. */
    public Health check() {
        String scheduler;
        String schedulerProblem = null;
        try {
            if (closing.getAsBoolean()) {
                scheduler = "STOPPING";
                schedulerProblem = "the node is shutting down";
            } else if (quartz.isShutdown()) {
                scheduler = "SHUT_DOWN";
                schedulerProblem = "the node's scheduler is shut down";
            } else if (!quartz.isStarted() || quartz.isInStandbyMode()) {
                scheduler = "STARTING";
                schedulerProblem = "the node's scheduler has not started";
            } else {
                scheduler = "RUNNING";
            }
        } catch (SchedulerException e) {
            scheduler = "UNKNOWN";
            schedulerProblem = "the node's scheduler cannot tell its state: " + e.getMessage();
        }
        String databaseProblem = databaseProblem();
        String reason = databaseProblem == null ? schedulerProblem
                : schedulerProblem == null ? databaseProblem : databaseProblem + "; " + schedulerProblem;
        return new Health(nodeId, databaseProblem == null ? "UP" : "DOWN", scheduler,
                reason == null ? null : shorten(secrets.scrub(reason)));
    }

    private @Nullable String databaseProblem() {
        try {
            probe.get(TIMEOUT);
            return null;
        } catch (TimeoutException e) {
            return "the database did not answer within " + TIMEOUT.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "the database did not answer: " + describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the database";
        } catch (RuntimeException e) {
            return "the database could not be asked: " + describe(e);
        }
    }

    private static String describe(@Nullable Throwable e) {
        if (e == null) {
            return "unknown failure";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }

    private static String shorten(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    @Override
    public void close() {
        probe.close();
    }
}
