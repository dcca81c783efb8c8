package io.personaengine.node.jmx;

/**
 * The node's MBean, {@code io.personaengine:type=Node,name=<NODE_ID>}: live figures of this node
 * and pause/resume for the whole cluster. Counts are since this node started. Pauses are stored
 * in the database, so every node honours them at its next claim and they outlive restarts.
 */
public interface NodeMXBean {

    String getNodeId();

    /** Tasks executing on this node now. */
    int getInFlight();

    long getClaimed();

    long getDone();

    long getFailed();

    /** Attempts that failed and will be retried after backoff. */
    long getRetried();

    /** Attempts put off without using a retry (Gemini busy or paused, persona at its limit). */
    long getDeferred();

    /** Lost tasks of the cluster (dead nodes, lapsed leases) this node handed back. */
    long getRescued();

    /** How many times the {@code task-picker} job ran on this node. */
    long getPickerRuns();

    /** Gemini calls to the text model counted in the cluster's current window. */
    int getGeminiCallsInWindow();

    int getGeminiMaxCallsPerWindow();

    boolean isPickerPaused();

    boolean isRunnerPaused();

    String[] getPausedTypes();

    long[] getPausedPersonas();

    /** Pauses the {@code task-picker} job for the cluster; false when it was paused already. */
    boolean pausePicker();

    boolean resumePicker();

    /** Pauses claiming on every node; running tasks finish. False when it was paused already. */
    boolean pauseRunner();

    boolean resumeRunner();

    /**
     * Keeps tasks of {@code type} (COMMENT, REPLY, VOTE, POST or IMAGE_POST) PENDING on every node.
     * False when it was paused already.
     */
    boolean pauseType(String type);

    boolean resumeType(String type);

    /** Keeps the persona's tasks PENDING on every node; false when it was paused already. */
    boolean pausePersona(long personaId);

    boolean resumePersona(long personaId);
}
