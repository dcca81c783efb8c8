package io.personaengine.core.runner;

import io.personaengine.core.task.ClaimedTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys that tie a log line to a task, and a scope that sets them on the calling
 * thread. {@link TaskRunner} opens one around each claimed task's execution and the recording of its
 * outcome, so every line a handler, the Gemini client or the store logs meanwhile names the task.
 * Closing restores what the keys held before (a long-lived thread keeps its {@code node}), so
 * scopes nest.
 */
public final class TaskMdc implements AutoCloseable {

    /** The task's id. */
    public static final String TASK = "task";
    /** COMMENT, REPLY, VOTE, POST or IMAGE_POST. */
    public static final String TASK_TYPE = "task_type";
    /** The persona's id. */
    public static final String PERSONA = "persona";
    /** The node's id: set on a node's long-lived threads too. */
    public static final String NODE = "node";

    private static final String[] KEYS = {TASK, TASK_TYPE, PERSONA, NODE};

    private final @Nullable String[] previous = new String[KEYS.length];
    private boolean closed;

    private TaskMdc(String... values) {
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            MDC.put(KEYS[i], values[i]);
        }
    }

    /** Sets the task's keys on this thread until {@link #close()}. */
    public static TaskMdc open(ClaimedTask task, String nodeId) {
        return new TaskMdc(Long.toString(task.id()), task.type().name(), Long.toString(task.personaId()), nodeId);
    }

    /** Restores the keys as they were before {@link #open}. Idempotent; call on the opening thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < KEYS.length; i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], previous[i]);
            }
        }
    }
}
