package io.personaengine.node.jmx;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.runner.TaskRunner;
import io.personaengine.core.task.TaskType;
import io.personaengine.node.TaskCounters;
import io.personaengine.node.quartz.ClusterScheduler;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.OperatorPauses;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntSupplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's MBean. Operations throw {@link IllegalArgumentException} for a bad type or persona and
 * {@link IllegalStateException} when the database cannot be reached, with messages a JMX console
 * shows as they are (no classes a console would lack).
 */
public final class NodeControl implements NodeMXBean {

    private static final Logger log = LoggerFactory.getLogger(NodeControl.class);

    private final String nodeId;
    private final TaskRunner runner;
    private final TaskCounters counters;
    private final ClusterScheduler scheduler;
    private final OperatorPauses pauses;
    private final JooqCallLedger ledger;
    private final String textModel;
    private final IntSupplier maxCalls;
    private final ObjectName name;

    public NodeControl(String nodeId, TaskRunner runner, TaskCounters counters, ClusterScheduler scheduler,
            OperatorPauses pauses, JooqCallLedger ledger, String textModel, IntSupplier maxCalls) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.runner = requireNonNull(runner, "runner");
        this.counters = requireNonNull(counters, "counters");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.pauses = requireNonNull(pauses, "pauses");
        this.ledger = requireNonNull(ledger, "ledger");
        this.textModel = requireNonNull(textModel, "textModel");
        this.maxCalls = requireNonNull(maxCalls, "maxCalls");
        this.name = objectName(nodeId);
    }

    /** {@code io.personaengine:type=Node,name=<nodeId>}; node ids never need quoting. */
    public static ObjectName objectName(String nodeId) {
        try {
            return new ObjectName("io.personaengine", new java.util.Hashtable<>(
                    java.util.Map.of("type", "Node", "name", nodeId)));
        } catch (JMException e) {
            throw new IllegalArgumentException("node id '" + nodeId + "' cannot name an MBean", e);
        }
    }

    /** Registers on the platform MBean server, replacing a stale registration of the same node id. */
    public void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name, e);
        }
    }

    /** Idempotent. */
    public void unregister() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.warn("could not unregister {}", name, e);
        }
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    @Override
    public int getInFlight() {
        return runner.inFlight();
    }

    @Override
    public long getClaimed() {
        return counters.claimed();
    }

    @Override
    public long getDone() {
        return counters.done();
    }

    @Override
    public long getFailed() {
        return counters.failed();
    }

    @Override
    public long getRetried() {
        return counters.retried();
    }

    @Override
    public long getDeferred() {
        return counters.deferred();
    }

    @Override
    public long getRescued() {
        return counters.rescued();
    }

    @Override
    public long getPickerRuns() {
        return scheduler.pickerRuns();
    }

    @Override
    public int getGeminiCallsInWindow() {
        return database(() -> (int) ledger.usage(textModel).calls());
    }

    @Override
    public int getGeminiMaxCallsPerWindow() {
        return maxCalls.getAsInt();
    }

    @Override
    public boolean isPickerPaused() {
        return quartz(() -> scheduler.paused(ClusterScheduler.PICKER));
    }

    @Override
    public boolean isRunnerPaused() {
        return quartz(() -> scheduler.paused(ClusterScheduler.RUNNER));
    }

    @Override
    public String[] getPausedTypes() {
        return database(() -> pauses.pausedTypes().stream().map(Enum::name).toArray(String[]::new));
    }

    @Override
    public long[] getPausedPersonas() {
        return database(() -> pauses.pausedPersonas().stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public boolean pausePicker() {
        return quartz(() -> scheduler.pause(ClusterScheduler.PICKER));
    }

    @Override
    public boolean resumePicker() {
        return quartz(() -> scheduler.resume(ClusterScheduler.PICKER));
    }

    @Override
    public boolean pauseRunner() {
        return quartz(() -> scheduler.pause(ClusterScheduler.RUNNER));
    }

    @Override
    public boolean resumeRunner() {
        return quartz(() -> scheduler.resume(ClusterScheduler.RUNNER));
    }

    @Override
    public boolean pauseType(String type) {
        TaskType parsed = type(type);
        boolean changed = database(() -> pauses.pauseType(parsed, by()));
        log.info("JMX: type {} {}", parsed, changed ? "paused for the cluster" : "was paused already");
        return changed;
    }

    @Override
    public boolean resumeType(String type) {
        TaskType parsed = type(type);
        boolean changed = database(() -> pauses.resumeType(parsed));
        log.info("JMX: type {} {}", parsed, changed ? "resumed for the cluster" : "was not paused");
        return changed;
    }

    @Override
    public boolean pausePersona(long personaId) {
        boolean changed = database(() -> pauses.pausePersona(personaId, by()));
        log.info("JMX: persona {} {}", personaId, changed ? "paused for the cluster" : "was paused already");
        return changed;
    }

    @Override
    public boolean resumePersona(long personaId) {
        boolean changed = database(() -> pauses.resumePersona(personaId));
        log.info("JMX: persona {} {}", personaId, changed ? "resumed for the cluster" : "was not paused");
        return changed;
    }

    private String by() {
        return "jmx@" + nodeId;
    }

    private static TaskType type(String text) {
        try {
            return TaskType.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a task type; use one of "
                    + Arrays.toString(TaskType.values()));
        }
    }

    private interface QuartzCall<T> {
        T call() throws SchedulerException;
    }

    private static <T> T quartz(QuartzCall<T> call) {
        try {
            return call.call();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not reach the job store: " + e.getMessage());
        }
    }

    private static <T> T database(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (org.jooq.exception.DataAccessException e) {
            throw new IllegalStateException("the database did not answer: " + e.getMessage());
        }
    }
}
