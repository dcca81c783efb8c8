package io.personaengine.core.task;

/** Where a task is in its life; stored as its name in {@code persona_tasks.status}. */
public enum TaskStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED;

    /** True for the states the unique open-task constraint covers. */
    public boolean open() {
        return this == PENDING || this == RUNNING;
    }
}
