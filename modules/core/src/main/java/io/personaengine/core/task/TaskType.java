package io.personaengine.core.task;

/** What a persona task does; stored as its name in {@code persona_tasks.task_type}. */
public enum TaskType {
    COMMENT,
    REPLY,
    VOTE,
    POST,
    IMAGE_POST
}
