-- Handy queries over the task history (psql against the shared database).

-- The queue at a glance: tasks by type and status.
SELECT task_type, status, count(*) FROM persona_tasks GROUP BY 1, 2 ORDER BY 1, 2;

-- Lag of the oldest due task.
SELECT now() - min(scheduled_at) AS oldest_due_lag FROM persona_tasks
WHERE status = 'PENDING' AND scheduled_at <= now();

-- Failures of the last day by reason.
SELECT left(error_message, 80) AS reason, count(*) FROM persona_tasks
WHERE status = 'FAILED' AND completed_at > now() - interval '1 day'
GROUP BY 1 ORDER BY 2 DESC;

-- Every attempt of one task: node, outcome, Gemini calls, tokens, model.
SELECT attempt_no, node_id, started_at, finished_at, outcome, error_message, gemini_calls,
       prompt_tokens, output_tokens, model
FROM persona_task_attempts WHERE task_id = :task_id ORDER BY attempt_no;

-- Tasks rescued from dead nodes or expired leases, and what happened to them afterwards.
SELECT id, task_type, status, rescue_count, defer_count, retry_count, claimed_by, error_message
FROM persona_tasks WHERE rescue_count > 0 ORDER BY id DESC LIMIT 50;

-- Gemini usage per model over the last day.
SELECT model, count(*) AS attempts, sum(gemini_calls) AS calls, sum(prompt_tokens) AS prompt_tokens,
       sum(output_tokens) AS output_tokens
FROM persona_task_attempts WHERE started_at > now() - interval '1 day' GROUP BY model;

-- What each persona did in the last hour (PERSONA_MAX_ACTIONS_PER_HOUR counts these).
SELECT persona_id, count(*) FROM persona_tasks
WHERE status = 'DONE' AND completed_at > now() - interval '1 hour' GROUP BY 1 ORDER BY 2 DESC;

-- Running tasks and their leases.
SELECT id, task_type, claimed_by, lease_expires_at - now() AS lease_left FROM persona_tasks
WHERE status = 'RUNNING' ORDER BY lease_expires_at;
