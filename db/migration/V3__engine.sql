-- The task queue. Targets carry no foreign keys on purpose: a deleted post must fail its task with a
-- reason, not delete the task's history.

CREATE TABLE persona_tasks (
    id               bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT persona_tasks_pk PRIMARY KEY,
    persona_id       bigint       NOT NULL CONSTRAINT persona_tasks_persona_fk REFERENCES personas (id),
    task_type        varchar(16)  NOT NULL
                     CONSTRAINT persona_tasks_type_ck
                     CHECK (task_type IN ('COMMENT', 'REPLY', 'VOTE', 'POST', 'IMAGE_POST')),
    status           varchar(16)  NOT NULL DEFAULT 'PENDING'
                     CONSTRAINT persona_tasks_status_ck
                     CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    post_id          bigint,
    comment_id       bigint,
    board_id         bigint,
    -- the one target that identifies the task: comment_id for REPLY, post_id for COMMENT and VOTE,
    -- board_id for POST and IMAGE_POST (checked below)
    target_key       bigint       NOT NULL,
    scheduled_at     timestamptz  NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    retry_count      integer      NOT NULL DEFAULT 0,
    max_retries      integer      NOT NULL DEFAULT 3,
    result_id        bigint,
    error_message    text,
    -- the claim: who holds the task, the fencing token every later transition must present, and
    -- when the claim lapses (database clock)
    claimed_by       varchar(200),
    claim_token      uuid,
    lease_expires_at timestamptz,
    attempt_count    integer      NOT NULL DEFAULT 0,
    rescue_count     integer      NOT NULL DEFAULT 0,
    defer_count      integer      NOT NULL DEFAULT 0,
    CONSTRAINT persona_tasks_retries_ck CHECK (retry_count >= 0 AND max_retries >= 0)
);
/* [jooq ignore start] */
ALTER TABLE persona_tasks ADD CONSTRAINT persona_tasks_target_ck CHECK (
    CASE task_type
        WHEN 'COMMENT'    THEN post_id IS NOT NULL AND target_key = post_id
        WHEN 'VOTE'       THEN post_id IS NOT NULL AND target_key = post_id
        WHEN 'REPLY'      THEN post_id IS NOT NULL AND comment_id IS NOT NULL AND target_key = comment_id
        WHEN 'POST'       THEN board_id IS NOT NULL AND target_key = board_id
        WHEN 'IMAGE_POST' THEN board_id IS NOT NULL AND target_key = board_id
    END);
-- A running task always has a holder, a token and a lease; no other task has a token or a lease.
ALTER TABLE persona_tasks ADD CONSTRAINT persona_tasks_claim_ck CHECK (
    (status = 'RUNNING') = (claim_token IS NOT NULL AND claimed_by IS NOT NULL AND lease_expires_at IS NOT NULL)
    AND (status = 'RUNNING' OR (claim_token IS NULL AND lease_expires_at IS NULL)));
/* [jooq ignore stop] */

-- Invariant 4: never two open tasks for the same (persona, type, target).
CREATE UNIQUE INDEX persona_tasks_open_uk ON persona_tasks (persona_id, task_type, target_key)
    WHERE status IN ('PENDING', 'RUNNING');
-- The picker asks "who already holds an open task for this target?"
CREATE INDEX persona_tasks_open_target_ix ON persona_tasks (task_type, target_key)
    WHERE status IN ('PENDING', 'RUNNING');
-- The claim path: due pending tasks, oldest first. Finished rows never enter this index.
CREATE INDEX persona_tasks_due_ix ON persona_tasks (scheduled_at, id) WHERE status = 'PENDING';
-- Rescue: running tasks by lease expiry.
CREATE INDEX persona_tasks_lease_ix ON persona_tasks (lease_expires_at) WHERE status = 'RUNNING';
-- Per-persona accounting and history.
CREATE INDEX persona_tasks_persona_ix ON persona_tasks (persona_id, scheduled_at);
CREATE INDEX persona_tasks_completed_ix ON persona_tasks (completed_at);

-- One row per execution attempt. outcome stays null while the attempt runs.
CREATE TABLE persona_task_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT persona_task_attempts_pk PRIMARY KEY,
    task_id       bigint       NOT NULL CONSTRAINT persona_task_attempts_task_fk
                               REFERENCES persona_tasks (id) ON DELETE CASCADE,
    attempt_no    integer      NOT NULL,
    node_id       varchar(200) NOT NULL,
    claim_token   uuid         NOT NULL,
    started_at    timestamptz  NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    outcome       varchar(16)
                  CONSTRAINT persona_task_attempts_outcome_ck
                  CHECK (outcome IN ('DONE', 'RETRY', 'DEFERRED', 'FAILED', 'RESCUED')),
    error_message text,
    gemini_calls  integer      NOT NULL DEFAULT 0,
    prompt_tokens integer      NOT NULL DEFAULT 0,
    output_tokens integer      NOT NULL DEFAULT 0,
    model         varchar(100),
    CONSTRAINT persona_task_attempts_token_uk UNIQUE (claim_token)
);
CREATE INDEX persona_task_attempts_task_ix ON persona_task_attempts (task_id);
CREATE INDEX persona_task_attempts_started_ix ON persona_task_attempts (started_at);
