package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jooq.DSLContext;

/**
 * Nodes' heartbeats in {@code engine_nodes}, stamped on the database clock. A node beats every
 * {@code HEARTBEAT_INTERVAL} while it runs and leaves when it stops in order; the task store
 * hands back the tasks of a node whose heartbeat is older than {@code NODE_TIMEOUT}.
 */
public final class NodeHeartbeats {

    /** Rows of nodes silent this long are dropped by housekeeping. */
    static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);

    private final DSLContext dsl;

    public NodeHeartbeats(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /** Stamps {@code nodeId}'s heartbeat now; the first beat also records when it started. */
    public void beat(String nodeId) {
        dsl.execute("""
                INSERT INTO engine_nodes (node_id, started_at, heartbeat_at)
                VALUES (?, statement_timestamp(), statement_timestamp())
                ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at""", nodeId);
    }

    /** Forgets {@code nodeId}: it stopped in order and holds no tasks. */
    public void leave(String nodeId) {
        dsl.execute("DELETE FROM engine_nodes WHERE node_id = ?", nodeId);
    }

    /** Drops rows of nodes silent for a day; once per tick for the cluster is enough. */
    public int forgetLongGone() {
        return dsl.execute("DELETE FROM engine_nodes WHERE heartbeat_at < statement_timestamp() - ? * interval '1 second'",
                FORGOTTEN_AFTER.toSeconds());
    }
}
