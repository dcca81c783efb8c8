-- Liveness on the database clock. Every node stamps its heartbeat here with statement_timestamp(),
-- so whether a node is alive never depends on any node's own clock: a task is handed back when its
-- lease lapses or when its holder's heartbeat is older than NODE_TIMEOUT. A node that stops in
-- order deletes its row; a crashed node's row stays, stale, until housekeeping drops it.
CREATE TABLE engine_nodes (
    node_id      varchar(200) CONSTRAINT engine_nodes_pk PRIMARY KEY,
    started_at   timestamptz  NOT NULL,
    heartbeat_at timestamptz  NOT NULL
);

-- Rescue looks up running tasks by holder.
CREATE INDEX persona_tasks_claimed_by_ix ON persona_tasks (claimed_by) WHERE status = 'RUNNING';
