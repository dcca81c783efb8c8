package io.personaengine.store;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.TaskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The claim: one {@link Pipeline} of three statements, so one round trip and one transaction.
 * <ol>
 *   <li>Locks the oldest due tasks and their personas' rows, skipping rows other claims hold, and
 *       notes the task ids in a transaction-local setting.
 *   <li>With a fresh snapshot (so it sees every claim that committed before the locks were had),
 *       admits each task while its persona's finished actions of the last hour, its running ones
 *       and the ones admitted before it in this batch stay within the hourly limit, and while the
 *       batch's upstream calls fit the budget, and while the daily budgets have room for the tasks
 *       running and admitted before it at the day's cost per attempt. Admitted tasks turn RUNNING with a fresh claim token,
 *       a lease and an attempt row; tasks over the persona limit are put off until the window frees
 *       (no retry used); tasks beyond a budget stay due for the next claim.
 *   <li>Reports how long until the next pending task is due.
 * </ol>
 * Tasks of a paused type or persona, of a persona that spent its daily budget, and every task once
 * the cluster spent its daily budget, are neither claimed nor counted as due. Two claims never admit for the same persona at once: the second skips the persona's tasks while
 * the first holds its row, and sees the first's claims once it commits.
 */
final class DueClaim {

    /** Index of the result set with the claimed tasks, then of the one with the next due time. */
    static final int CLAIMED = 1;
    static final int NEXT_DUE = 2;

    private static final String SQL = """
            SELECT set_config('persona_engine.claim', coalesce(string_agg(picked.id::text, ','), ''), true)
            FROM (SELECT t.id FROM persona_tasks t JOIN personas p ON p.id = t.persona_id
                  WHERE t.status = 'PENDING' AND t.scheduled_at <= statement_timestamp()%1$s
                  ORDER BY t.scheduled_at, t.id
                  LIMIT ?
                  FOR NO KEY UPDATE OF t, p SKIP LOCKED) picked;
            WITH picked AS (
                SELECT t.id, t.persona_id,
                       row_number() OVER (PARTITION BY t.persona_id ORDER BY t.scheduled_at, t.id) AS nth,
                       sum(CASE WHEN t.task_type = 'IMAGE_POST' THEN 2 ELSE 1 END)
                           OVER (ORDER BY t.scheduled_at, t.id) AS calls,
                       row_number() OVER (ORDER BY t.scheduled_at, t.id) AS rank
                FROM persona_tasks t
                WHERE t.id = ANY (string_to_array(nullif(current_setting('persona_engine.claim'), ''), ',')::bigint[])),
            load AS (
                SELECT x.persona_id,
                       (SELECT count(*) FROM persona_tasks d
                        WHERE d.persona_id = x.persona_id AND d.status = 'DONE'
                          AND d.completed_at > statement_timestamp() - interval '1 hour') AS done,
                       (SELECT count(*) FROM persona_tasks r
                        WHERE r.persona_id = x.persona_id AND r.status = 'RUNNING') AS running,
                       (SELECT min(d.completed_at) FROM persona_tasks d
                        WHERE d.persona_id = x.persona_id AND d.status = 'DONE'
                          AND d.completed_at > statement_timestamp() - interval '1 hour') AS oldest
                FROM (SELECT DISTINCT persona_id FROM picked) x),
            verdict AS (
                SELECT p.id, p.nth + l.done + l.running <= ? AS admitted, p.calls <= %2$s AS affordable,
                       %3$s AS within_spend, l.oldest
                FROM picked p JOIN load l ON l.persona_id = p.persona_id),
            claimed AS (
                UPDATE persona_tasks t SET
                    status = 'RUNNING',
                    claimed_by = ?,
                    claim_token = gen_random_uuid(),
                    lease_expires_at = statement_timestamp() + ? * interval '1 millisecond',
                    started_at = coalesce(t.started_at, statement_timestamp()),
                    attempt_count = t.attempt_count + 1
                FROM verdict v WHERE t.id = v.id AND v.admitted AND v.affordable AND v.within_spend
                RETURNING t.id, t.persona_id, t.task_type, t.post_id, t.comment_id, t.board_id, t.retry_count,
                          t.max_retries, t.attempt_count, t.claim_token, t.scheduled_at,
                          (extract(epoch FROM statement_timestamp() - t.scheduled_at) * 1000)::bigint AS lag_ms),
            put_off AS (
                UPDATE persona_tasks t SET
                    scheduled_at = greatest(coalesce(v.oldest + interval '1 hour',
                                                     statement_timestamp() + ? * interval '1 millisecond'),
                                            statement_timestamp()) + interval '1 second',
                    defer_count = t.defer_count + 1,
                    error_message = 'persona ' || t.persona_id || ' has had ' || ?::text
                                    || ' actions in the last hour (finished or running); waits for the window to free'
                FROM verdict v WHERE t.id = v.id AND NOT v.admitted),
            attempts AS (
                INSERT INTO persona_task_attempts (task_id, attempt_no, node_id, claim_token)
                SELECT id, attempt_count, ?, claim_token FROM claimed)
            SELECT * FROM claimed ORDER BY scheduled_at, id;
            SELECT (extract(epoch FROM (min(scheduled_at) - statement_timestamp())) * 1000)::bigint
            FROM persona_tasks t WHERE t.status = 'PENDING'%1$s;
            """;

    /** Leaves out the tasks of paused types and personas (operator pauses); they stay PENDING. */
    static final String NOT_PAUSED = """

                    AND t.task_type NOT IN (SELECT task_type FROM engine_pauses WHERE task_type IS NOT NULL)
                    AND t.persona_id NOT IN (SELECT persona_id FROM engine_pauses WHERE persona_id IS NOT NULL)""";

    private DueClaim() {}

    /**
     * The claim's SQL.
     *
     * @param budgetSql the call budget's room now ({@link ClaimBudget#callsAvailableSql()}), read once by the caller
     * @param spendFilter what spent daily budgets leave out ({@link DailySpend#claimFilter()})
     * @param spendAdmission whether a daily budget has room for a picked task ({@link DailySpend#admission()})
     */
    static String sql(String budgetSql, String spendFilter, String spendAdmission) {
        return SQL.formatted(NOT_PAUSED + spendFilter, budgetSql, spendAdmission);
    }

    static List<Object> parameters(String nodeId, int limit, Duration lease, int personaLimit, Duration recheck) {
        return List.of(limit, personaLimit, nodeId, lease.toMillis(), recheck.toMillis(),
                String.valueOf(personaLimit), nodeId);
    }

    static ClaimedTask toClaimed(ResultSet row, String nodeId) throws SQLException {
        return new ClaimedTask(row.getLong("id"), row.getLong("persona_id"),
                TaskType.valueOf(row.getString("task_type")), (Long) row.getObject("post_id"),
                (Long) row.getObject("comment_id"), (Long) row.getObject("board_id"), row.getInt("retry_count"),
                row.getInt("max_retries"), row.getInt("attempt_count"), nodeId, (UUID) row.getObject("claim_token"),
                Duration.ofMillis(Math.max(0, row.getLong("lag_ms"))));
    }
}
