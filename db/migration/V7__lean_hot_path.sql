-- The cluster's Gemini budget as one row per scope: a ring of call counts per time bucket. A permit
-- is one INSERT … ON CONFLICT DO UPDATE on that row, whose condition reads only the row itself, so
-- concurrent permits serialise on the row lock and each sees the counts the previous one left; the
-- cost does not depend on the limit. buckets[i] is the bucket number counts[i] belongs to
-- (epoch milliseconds / bucket width); slot i holds bucket numbers congruent to i - 1.
-- gemini_calls stays as the log of calls sent, for operators.
CREATE TABLE gemini_budget (
    scope       varchar(100) CONSTRAINT gemini_budget_pk PRIMARY KEY,
    last_bucket bigint       NOT NULL,
    buckets     bigint[]     NOT NULL,
    counts      integer[]    NOT NULL
);

-- A claim admits a task only while its persona has room in its rolling hour, counting the
-- persona's finished actions of the last hour and its running ones.
CREATE INDEX persona_tasks_persona_done_ix ON persona_tasks (persona_id, completed_at) WHERE status = 'DONE';
CREATE INDEX persona_tasks_persona_running_ix ON persona_tasks (persona_id) WHERE status = 'RUNNING';
