package io.personaengine.node.quartz;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.picker.TaskPicker;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's Quartz scheduler in the cluster: JDBC job store on the node's pool, the
 * {@code task-picker} and {@code task-runner} jobs on repeating triggers that skip missed fires.
 */
public final class ClusterScheduler implements AutoCloseable {

    public static final String GROUP = "persona-engine";
    public static final JobKey PICKER = JobKey.jobKey("task-picker", GROUP);
    public static final JobKey RUNNER = JobKey.jobKey("task-runner", GROUP);
    /** The Quartz scheduler name: the same on every node, which is what makes them one cluster. */
    public static final String SCHEDULER_NAME = "persona-engine";

    private static final Logger log = LoggerFactory.getLogger(ClusterScheduler.class);

    private final Scheduler scheduler;
    private final String nodeId;
    private final AtomicLong pickerRuns = new AtomicLong();

    private ClusterScheduler(Scheduler scheduler, String nodeId) {
        this.scheduler = scheduler;
        this.nodeId = nodeId;
    }

    /**
     * Creates the scheduler (not started) and registers, or updates, the two tick jobs.
     *
     * @param checkin how often the node checks in; a dead node's Quartz work moves after about
     *     this plus 7.5 s
     * @param chores cluster housekeeping the {@code task-runner} job does once per tick
     */
    public static ClusterScheduler create(DataSource dataSource, String nodeId, Duration tick, Duration checkin,
            TaskPicker picker, Runnable chores) throws SchedulerException {
        requireNonNull(dataSource, "dataSource");
        String dataSourceName = "persona-engine-" + nodeId;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new HikariConnectionProvider(dataSource));
        Properties properties = properties(nodeId, dataSourceName, tick, checkin);
        properties.setProperty("org.quartz.scheduler.jmx.export", "true");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        // Quartz keeps one scheduler per name in a JVM-wide repository; several nodes in one JVM
        // (tests, `demo --nodes`) share the cluster's name, so take ours out of that repository.
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        ClusterScheduler cluster = new ClusterScheduler(scheduler, nodeId);
        try {
            scheduler.getContext().put(TickJobs.PICKER_KEY, picker);
            scheduler.getContext().put(TickJobs.CHORES_KEY, chores);
            scheduler.getContext().put(TickJobs.PICKER_RUNS_KEY, cluster.pickerRuns);
            cluster.register(PICKER, TickJobs.PickerJob.class, "picker", tick);
            cluster.register(RUNNER, TickJobs.RunnerJob.class, "runner", tick);
            return cluster;
        } catch (SchedulerException | RuntimeException e) {
            cluster.abort(); // Quartz already runs threads of its own
            throw e;
        }
    }

    private static Properties properties(String nodeId, String dataSourceName, Duration tick, Duration checkin) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.threadName", "quartz-" + nodeId);
        // with the 30 s default, a node that takes over can sit idle for many seconds
        p.setProperty("org.quartz.scheduler.idleWaitTime",
                Long.toString(Math.max(1_000, Math.min(tick.toMillis(), 5_000)))); // Quartz refuses < 1 s
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-" + nodeId + "-worker");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkin.toMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(Math.max(tick.toMillis(), 1_000)));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    private void register(JobKey key, Class<? extends org.quartz.Job> type, String description, Duration tick)
            throws SchedulerException {
        JobDetail job = JobBuilder.newJob(type).withIdentity(key).withDescription(description).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey(key.getName(), GROUP))
                .forJob(key)
                .startNow()
                // after downtime, skip the missed fires instead of replaying them in a burst
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(tick.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
            log.info("registered {} every {} ms", key, tick.toMillis());
        } catch (ObjectAlreadyExistsException e) {
            Trigger existing = scheduler.getTrigger(trigger.getKey());
            if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() != tick.toMillis()) {
                // replacing a trigger stores it WAITING: an operator's pause must outlive the new interval
                boolean paused = scheduler.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED;
                scheduler.addJob(job, true);
                scheduler.rescheduleJob(trigger.getKey(), trigger);
                if (paused) {
                    scheduler.pauseJob(key);
                }
                log.info("{} interval changed from {} ms to {} ms{}", key, simple.getRepeatInterval(), tick.toMillis(),
                        paused ? "; it stays paused" : "");
            }
        }
    }

    /**
     * A scheduler that never starts and never joins the cluster, for pausing and resuming the tick
     * jobs from outside a node (the CLI). It works on the same job store, so a pause it makes is the
     * cluster's, exactly as one made over JMX. {@link #close()} it.
     */
    public static ClusterScheduler control(DataSource dataSource, Duration tick) throws SchedulerException {
        String id = "control-" + java.util.UUID.randomUUID();
        // Quartz keeps providers JVM-wide and cannot forget one: name it after the pool, so each pool adds one
        String dataSourceName = "persona-engine-control-" + System.identityHashCode(dataSource);
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new HikariConnectionProvider(dataSource));
        Properties properties = properties(id, dataSourceName, tick, Duration.ofSeconds(5));
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        return new ClusterScheduler(scheduler, id);
    }

    /**
     * Pauses {@code job} for the whole cluster (its trigger turns PAUSED in the database).
     *
     * @return false when it was paused already
     * @throws IllegalStateException when no node has registered the job yet
     */
    public boolean pause(JobKey job) throws SchedulerException {
        if (paused(job)) {
            return false;
        }
        scheduler.pauseJob(job);
        log.info("{} paused for the cluster", job.getName());
        return true;
    }

    /**
     * Resumes {@code job} for the whole cluster. Fires missed while paused are skipped (the
     * triggers' misfire rule), so a resume never brings a burst of runs.
     *
     * @return false when it was not paused
     */
    public boolean resume(JobKey job) throws SchedulerException {
        if (!paused(job)) {
            return false;
        }
        scheduler.resumeJob(job);
        log.info("{} resumed for the cluster", job.getName());
        return true;
    }

    /** @throws IllegalStateException when no node has registered {@code job} yet */
    public boolean paused(JobKey job) throws SchedulerException {
        Trigger.TriggerState state = scheduler.getTriggerState(TriggerKey.triggerKey(job.getName(), GROUP));
        if (state == Trigger.TriggerState.NONE) {
            throw new IllegalStateException(job.getName() + " is not registered yet: no node has started on this database");
        }
        return state == Trigger.TriggerState.PAUSED;
    }

    public void start() throws SchedulerException {
        scheduler.start();
        log.info("node {} joined the cluster", nodeId);
    }

    /**
     * True when the cluster has paused {@code task-runner} (over JMX, so in the database) or this node
     * is in standby: the node's own runner loop then claims nothing.
     */
    public boolean runnerPaused() {
        try {
            return scheduler.isInStandbyMode() || scheduler.isShutdown()
                    || scheduler.getTriggerState(TriggerKey.triggerKey(RUNNER.getName(), GROUP))
                            == Trigger.TriggerState.PAUSED;
        } catch (SchedulerException e) {
            log.warn("cannot read the task-runner trigger state; treating the runner as paused this tick", e);
            return true;
        }
    }

    /** How many times the {@code task-picker} job ran on this node. */
    public long pickerRuns() {
        return pickerRuns.get();
    }

    /** This node's Quartz scheduler, for JMX and tests. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Stops firing jobs on this node; jobs already running finish. Idempotent. */
    public void standby() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.standby();
            }
        } catch (SchedulerException e) {
            log.warn("could not put node {} in standby; shutting down anyway", nodeId, e);
        }
    }

    /** Stops at once without waiting for jobs, as a crash looks to the cluster. For fault tests. */
    public void abort() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            log.warn("node {}: Quartz did not abort cleanly", nodeId, e);
        }
    }

    /** Leaves the cluster, waiting for running jobs. Idempotent. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            log.warn("node {}: Quartz did not shut down cleanly", nodeId, e);
        }
    }
}
