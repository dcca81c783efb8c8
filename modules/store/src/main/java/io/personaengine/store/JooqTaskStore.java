package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASK_ATTEMPTS;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimBatch;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskStatus;
import io.personaengine.core.task.TaskStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task queue on PostgreSQL. A claim is one round trip ({@link DueClaim}); completing a task is
 * one round trip and one transaction ({@link Publisher}); every other transition is one statement.
 * Every transition after a claim is guarded by {@code id} and {@code claim_token}.
 */
public final class JooqTaskStore implements TaskStore {

    private static final Logger log = LoggerFactory.getLogger(JooqTaskStore.class);

    /** The channel a {@code NOTIFY} goes to when tasks become pending, so idle nodes claim at once. */
    public static final String DUE_CHANNEL = "persona_tasks_due";
    /** When a persona's hour is full of running tasks only, its next task is looked at again after this. */
    static final Duration BUSY_PERSONA_RECHECK = Duration.ofMinutes(1);

    private final DSLContext dsl;
    private final TaskStoreSettings settings;
    private final ClaimBudget budget;
    private final DailySpend spend;
    /** The claim's SQL for the last budget and spend SQL: both embed limits that an operator may change. */
    private volatile String[] claimSql = {"", ""};

    /** A store that enforces no per-persona limit and no call budget. */
    public JooqTaskStore(DSLContext dsl) {
        this(dsl, TaskStoreSettings.defaults(), ClaimBudget.UNLIMITED);
    }

    /**
     * @param settings the persona limit (claims of one persona are serialised by a lock on its row, so
     *     it holds however many nodes claim at once), the rescue bound and the node timeout
     * @param budget the upstream calls a claim may take on, by each task type's cost
     */
    public JooqTaskStore(DSLContext dsl, TaskStoreSettings settings, ClaimBudget budget) {
        this(dsl, settings, budget, DailySpend.none(dsl));
    }

    /**
     * @param spend prices each attempt (recorded with it, and added to the persona's spend of the day)
     *     and keeps claims off what a spent daily budget covers
     */
    public JooqTaskStore(DSLContext dsl, TaskStoreSettings settings, ClaimBudget budget, DailySpend spend) {
        this.dsl = requireNonNull(dsl, "dsl");
        this.settings = requireNonNull(settings, "settings");
        this.budget = requireNonNull(budget, "budget");
        this.spend = requireNonNull(spend, "spend");
    }

    @Override
    public int schedule(Collection<NewTask> tasks) {
        if (tasks.isEmpty()) {
            return 0;
        }
        var insert = dsl.insertInto(PERSONA_TASKS,
                PERSONA_TASKS.PERSONA_ID, PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.POST_ID, PERSONA_TASKS.COMMENT_ID,
                PERSONA_TASKS.BOARD_ID, PERSONA_TASKS.TARGET_KEY, PERSONA_TASKS.SCHEDULED_AT,
                PERSONA_TASKS.MAX_RETRIES);
        for (NewTask task : tasks) {
            insert = insert.values(DSL.val(task.personaId()), DSL.val(task.type().name()), DSL.val(task.postId()),
                    DSL.val(task.commentId()), DSL.val(task.boardId()), DSL.val(task.targetKey()),
                    DatabaseTime.nowPlus(task.delay()), DSL.val(task.maxRetries()));
        }
        // the partial unique index on open tasks decides; a duplicate is skipped, not an error
        int queued = insert.onConflictDoNothing().execute();
        if (queued > 0) {
            notifyDue(dsl);
        }
        return queued;
    }

    /** Wakes idle nodes: tasks became pending. Delivered when the caller's transaction commits. */
    private static void notifyDue(DSLContext ctx) {
        ctx.fetch("SELECT pg_notify(?, '')", DUE_CHANNEL);
    }

    /** The claim's SQL, built again only when the budget's or the spend filter's SQL changed (a limit did). */
    private String claimSql() {
        String budgetSql = budget.callsAvailableSql();
        String spendFilter = spend.claimFilter();
        String admission = spend.admission();
        String key = budgetSql + "\u0000" + spendFilter + "\u0000" + admission;
        String[] cached = claimSql;
        if (!cached[0].equals(key)) {
            cached = new String[] {key, DueClaim.sql(budgetSql, spendFilter, admission)};
            claimSql = cached;
        }
        return cached[1];
    }

    @Override
    public ClaimBatch claimDue(String nodeId, int limit, Duration lease) {
        if (limit <= 0) {
            return ClaimBatch.NONE;
        }
        List<ClaimedTask> claimed = new ArrayList<>();
        Long[] nextDueMillis = {null};
        Pipeline.run(dsl, claimSql(), DueClaim.parameters(nodeId, limit, lease, settings.personaMaxActionsPerHour(),
                BUSY_PERSONA_RECHECK), (index, rows) -> {
            while (rows.next()) {
                if (index == DueClaim.CLAIMED) {
                    claimed.add(DueClaim.toClaimed(rows, nodeId));
                } else if (index == DueClaim.NEXT_DUE) {
                    nextDueMillis[0] = (Long) rows.getObject(1);
                }
            }
        });
        return new ClaimBatch(claimed, Optional.ofNullable(nextDueMillis[0]).map(Duration::ofMillis));
    }

    @Override
    public Optional<Long> complete(ClaimedTask task, Effect effect, Usage usage) {
        Publisher.Statements publication = Publisher.publish(task, effect, usage, spend.cost(usage));
        List<String> outcome = new ArrayList<>();
        Long[] resultId = {null};
        Pipeline.run(dsl, publication.sql(), publication.parameters(), (index, rows) -> {
            if (index == 1 && rows.next()) {
                outcome.add(rows.getString("status"));
                resultId[0] = (Long) rows.getObject("result_id");
                outcome.add(rows.getString("error_message"));
            }
        });
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        if (!TaskStatus.DONE.name().equals(outcome.get(0))) {
            log.warn("task {}: {}; failed it without publishing", task.id(), outcome.get(1));
            return Optional.empty();
        }
        return Optional.ofNullable(resultId[0]);
    }

    @Override
    public boolean retry(ClaimedTask task, Duration backoff, String reason, Usage usage) {
        return release(task, backoff, reason, usage, true);
    }

    @Override
    public boolean defer(ClaimedTask task, Duration delay, String reason, Usage usage) {
        return release(task, delay, reason, usage, false);
    }

    @Override
    public boolean fail(ClaimedTask task, String reason, Usage usage) {
        return transition(task, TaskStatus.FAILED, Duration.ZERO, reason, usage, "FAILED");
    }

    // One statement: running tasks whose lease lapsed, or whose holder's heartbeat is stale, go back
    // to PENDING (or fail once rescued more than maxRescues times), their attempts are closed, and
    // idle nodes are told. A holder without a heartbeat row is judged by its lease alone.
    private static final String RESCUE = """
            WITH lost AS (
                SELECT t.id, t.claim_token,
                       CASE WHEN t.lease_expires_at < statement_timestamp() THEN 'its lease expired'
                            ELSE 'its node ' || t.claimed_by || ' stopped heartbeating' END AS why
                FROM persona_tasks t LEFT JOIN engine_nodes n ON n.node_id = t.claimed_by
                WHERE t.status = 'RUNNING'
                  AND (t.lease_expires_at < statement_timestamp()
                       OR n.heartbeat_at < statement_timestamp() - ? * interval '1 millisecond')
                FOR NO KEY UPDATE OF t SKIP LOCKED),
            moved AS (
                UPDATE persona_tasks t SET
                    status = CASE WHEN t.rescue_count + 1 > ? THEN 'FAILED' ELSE 'PENDING' END,
                    completed_at = CASE WHEN t.rescue_count + 1 > ? THEN statement_timestamp() END,
                    error_message = CASE WHEN t.rescue_count + 1 > ?
                        THEN 'gave up: handed back by rescue too often (' || (t.rescue_count + 1) || ' times); last: '
                             || lost.why
                        ELSE t.error_message END,
                    claim_token = NULL,
                    lease_expires_at = NULL,
                    rescue_count = t.rescue_count + 1,
                    scheduled_at = statement_timestamp()
                FROM lost WHERE t.id = lost.id
                RETURNING t.status, lost.claim_token, lost.why),
            attempts AS (
                UPDATE persona_task_attempts a SET
                    finished_at = statement_timestamp(), outcome = 'RESCUED',
                    error_message = moved.why || '; handed back to the cluster'
                FROM moved WHERE a.claim_token = moved.claim_token)
            SELECT count(*) AS rescued, CASE WHEN bool_or(status = 'PENDING') THEN pg_notify(?, '') END AS notified
            FROM moved
            """;

    @Override
    public int rescue() {
        int maxRescues = settings.maxRescues();
        return dsl.resultQuery(RESCUE, settings.nodeTimeout().toMillis(), maxRescues, maxRescues, maxRescues,
                DUE_CHANNEL).fetchSingle().get("rescued", Integer.class);
    }

    @Override
    public Set<UUID> extendLeases(Collection<ClaimedTask> tasks, Duration lease) {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        List<UUID> tokens = tasks.stream().map(ClaimedTask::claimToken).toList();
        return Set.copyOf(dsl.update(PERSONA_TASKS)
                .set(PERSONA_TASKS.LEASE_EXPIRES_AT, DatabaseTime.nowPlus(lease))
                .where(PERSONA_TASKS.CLAIM_TOKEN.in(tokens))
                .and(PERSONA_TASKS.STATUS.eq(TaskStatus.RUNNING.name()))
                .returning(PERSONA_TASKS.CLAIM_TOKEN)
                .fetch(PERSONA_TASKS.CLAIM_TOKEN));
    }

    @Override
    public int release(Collection<ClaimedTask> tasks, String reason) {
        int released = 0;
        for (ClaimedTask task : tasks) {
            if (defer(task, Duration.ZERO, reason, Usage.NONE)) {
                released++;
            }
        }
        return released;
    }

    private boolean release(ClaimedTask task, Duration delay, String reason, Usage usage, boolean countRetry) {
        return transition(task, TaskStatus.PENDING, delay, reason, usage, countRetry ? "RETRY" : "DEFERRED");
    }

    /**
     * A CTE that adds an attempt's cost to its persona's spend of the day. It does not depend on the
     * claim still holding: the calls were paid for either way. Parameters: persona, cost, cost.
     */
    static final String SPENT = """
            spent AS (
                INSERT INTO gemini_spend AS s (day, persona_id, spent_usd, attempts)
                SELECT %s, ?::bigint, ?::numeric, 1 WHERE ?::numeric > 0
                ON CONFLICT (day, persona_id) DO UPDATE SET spent_usd = s.spent_usd + excluded.spent_usd,
                                                            attempts = s.attempts + 1)""".formatted(DailySpend.TODAY);

    // One statement: the task leaves RUNNING (fenced by its claim token), its attempt is closed, and
    // idle nodes are told when it is pending again.
    private static final String TRANSITION = """
            WITH moved AS (
                UPDATE persona_tasks SET
                    status = ?::varchar,
                    claim_token = NULL,
                    lease_expires_at = NULL,
                    scheduled_at = CASE WHEN ?::varchar = 'PENDING'
                                        THEN statement_timestamp() + ? * interval '1 millisecond' ELSE scheduled_at END,
                    completed_at = CASE WHEN ?::varchar = 'FAILED' THEN statement_timestamp() END,
                    error_message = ?::text,
                    retry_count = retry_count + ?,
                    defer_count = defer_count + ?
                WHERE id = ? AND claim_token = ? AND status = 'RUNNING'
                RETURNING status),
            attempt AS (
                UPDATE persona_task_attempts SET
                    finished_at = statement_timestamp(), outcome = ?::varchar, error_message = ?::text,
                    gemini_calls = ?, prompt_tokens = ?, output_tokens = ?, images = ?, model = ?::varchar,
                    cost_usd = ?::numeric
                FROM moved WHERE claim_token = ?),
            %s
            SELECT status, CASE WHEN status = 'PENDING' THEN pg_notify(?, '') END FROM moved
            """.formatted(SPENT);

    private boolean transition(ClaimedTask task, TaskStatus to, Duration delay, String reason, Usage usage,
            String attemptOutcome) {
        boolean retry = attemptOutcome.equals("RETRY");
        boolean deferred = attemptOutcome.equals("DEFERRED");
        BigDecimal cost = spend.cost(usage);
        return !dsl.resultQuery(TRANSITION, to.name(), to.name(), Math.max(0, delay.toMillis()), to.name(), reason,
                        retry ? 1 : 0, deferred ? 1 : 0, task.id(), task.claimToken(), attemptOutcome, reason,
                        usage.calls(), usage.promptTokens(), usage.outputTokens(), usage.images(),
                        usage.model().isEmpty() ? null : usage.model(), cost, task.claimToken(), task.personaId(), cost,
                        cost, DUE_CHANNEL)
                .fetch().isEmpty();
    }
}
