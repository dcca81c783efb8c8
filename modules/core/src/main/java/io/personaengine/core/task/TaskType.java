package io.personaengine.core.task;

/** What a persona task does; stored as its name in {@code persona_tasks.task_type}. */
public enum TaskType {
    COMMENT,
    REPLY,
    VOTE,
    POST,
    IMAGE_POST;

    /**
     * Upstream calls one successful execution makes: an image post plans in text, then draws. A claim
     * sizes itself by these against the cluster's call budget.
     */
    public int upstreamCalls() {
        return this == IMAGE_POST ? 2 : 1;
    }
}
