-- The picker now asks "who already tried this target?" over every task, not only open ones, so a
-- failed attempt is not planned again on every tick. The open-only index no longer serves it.
DROP INDEX persona_tasks_open_target_ix;
CREATE INDEX persona_tasks_target_ix ON persona_tasks (task_type, target_key);
