package io.personaengine.node.quartz;

import io.personaengine.core.picker.TaskPicker;
import io.personaengine.core.runner.TaskMdc;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The two Quartz jobs. They hold no state: each node puts its own picker and runner into its
 * scheduler's (in-memory, per-node) context, and the job fired on a node uses that node's.
 */
public final class TickJobs {

    static final String PICKER_KEY = "persona-engine.picker";
    static final String CHORES_KEY = "persona-engine.chores";
    static final String PICKER_RUNS_KEY = "persona-engine.picker-runs";

    private static final Logger log = LoggerFactory.getLogger(TickJobs.class);

    private TickJobs() {}

    /** Picker rules once. Never concurrent anywhere in the cluster: the job store enforces it. */
    @DisallowConcurrentExecution
    public static final class PickerJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            TaskPicker picker = (TaskPicker) component(context, PICKER_KEY);
            MDC.put(TaskMdc.NODE, nodeId(context)); // Quartz makes its own threads: name the node per job
            ((java.util.concurrent.atomic.AtomicLong) component(context, PICKER_RUNS_KEY)).incrementAndGet();
            try {
                picker.pickOnce();
            } catch (RuntimeException e) {
                log.warn("picker tick failed; the next tick tries again", e);
            } finally {
                MDC.remove(TaskMdc.NODE);
            }
        }
    }

    /**
     * The cluster's part of the runner tick: housekeeping (pruning the Gemini call log, long-gone
     * nodes and finished tasks past TASK_RETENTION), once per tick for the whole cluster. Claiming and rescue are every node's own
     * ({@link RunnerLoop}): a clustered trigger fires on one node at a time, and rescue must not wait
     * for a tick. Pausing this job pauses every node's claiming.
     */
    public static final class RunnerJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            Runnable chores = (Runnable) component(context, CHORES_KEY);
            MDC.put(TaskMdc.NODE, nodeId(context)); // Quartz makes its own threads: name the node per job
            try {
                chores.run();
            } catch (RuntimeException e) {
                log.warn("housekeeping failed; the next tick tries again", e);
            } finally {
                MDC.remove(TaskMdc.NODE);
            }
        }
    }

    /** The node a job fires on: its Quartz instance id. */
    private static String nodeId(JobExecutionContext context) throws JobExecutionException {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }

    private static Object component(JobExecutionContext context, String key) throws JobExecutionException {
        try {
            Object component = context.getScheduler().getContext().get(key);
            if (component == null) {
                throw new JobExecutionException("this node has no " + key + " in its scheduler context");
            }
            return component;
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
