package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration RETENTION = Duration.ofDays(1);
    private static final int BATCH = 40;
    private static final int MAX_BATCHES = 4;
    private static final int CAP = BATCH * MAX_BATCHES;

    private ForumFixture forum;
    private Retention retention;
    private long persona;
    private long nextTarget = 1;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory RESTART IDENTITY CASCADE");
        retention = new Retention(forum.dsl);
        persona = forum.persona("chef", "cooking");
    }

    /**
     * Constant load with a backlog at the start: every round the clock moves six hours (all
     * completions age), a round of tasks arrives already past the retention and another arrives
     * fresh, and the cluster purges once. Fresh tasks thus expire four rounds later.
     */
    @Test
    void retentionKeepsPersonaTasksBoundedUnderConstantLoad() {
        List<Long> open = openTasks();
        insertFinished(600, Duration.ofDays(40)); // a backlog from before retention existed
        int expiredPerRound = 40;
        int freshPerRound = 40;
        int inflowBound = expiredPerRound + freshPerRound; // what can cross the horizon in one round
        int memory = memoryRows();
        int previousAfter = expired();
        boolean drained = false;

        for (int round = 1; round <= 24; round++) {
            forum.dsl.execute("UPDATE persona_tasks SET completed_at = completed_at - interval '6 hours' "
                    + "WHERE completed_at IS NOT NULL");
            insertFinished(expiredPerRound, RETENTION.plusHours(6));
            List<Long> fresh = insertFinished(freshPerRound, Duration.ZERO);
            memory += expiredPerRound + freshPerRound;
            int before = expired();
            int unexpiredBefore = finished() - before;

            Retention.Purge purge = retention.purge(RETENTION, BATCH, MAX_BATCHES);

            int after = expired();
            assertThat(before).as("round %d: only what arrived or aged in since the last purge", round)
                    .isLessThanOrEqualTo(previousAfter + inflowBound);
            assertThat(purge.deleted()).as("round %d: the cap, and no slack below it", round)
                    .isEqualTo(Math.min(before, CAP));
            assertThat(purge.statements()).isLessThanOrEqualTo(MAX_BATCHES);
            assertThat(purge.more()).isEqualTo(before >= CAP);
            assertThat(after).isEqualTo(before - purge.deleted());
            assertThat(finished() - after).as("round %d: unexpired finished tasks stay", round)
                    .isEqualTo(unexpiredBefore);
            assertThat(existing(fresh)).hasSize(freshPerRound);
            assertThat(existing(open)).as("PENDING and RUNNING tasks are never purged").hasSize(open.size());
            assertThat(memoryRows()).as("persona_memory outlives its tasks").isEqualTo(memory);
            assertThat(attemptsOfMissingTasks()).isZero();
            assertThat(attempts()).as("two attempts per task left, none of purged ones")
                    .isEqualTo(2 * (finished() + open.size()));
            drained |= after == 0;
            if (drained) {
                assertThat(before).as("round %d: once drained, expired rows never exceed one round's inflow plus "
                        + "one purge's cap", round).isLessThanOrEqualTo(inflowBound + CAP);
                assertThat(after).isZero();
                assertThat(finished()).as("round %d: bounded by four rounds of fresh tasks", round)
                        .isLessThanOrEqualTo(4 * freshPerRound);
            }
            previousAfter = after;
        }
        assertThat(drained).as("the backlog drained at the cap minus the inflow per round").isTrue();
    }

    @Test
    void aPurgeWithNothingExpiredReturnsZeroAfterOneIndexLookup() {
        assertThat(retention.purge(RETENTION, 1_000, 5)).isEqualTo(new Retention.Purge(0, 1, false));

        List<Long> open = openTasks();
        insertFinished(5_000, Duration.ofHours(23));
        forum.dsl.execute("ANALYZE persona_tasks");

        assertThat(retention.purge(RETENTION, 1_000, 5)).isEqualTo(new Retention.Purge(0, 1, false));
        String plan = forum.dsl.fetchValue("EXPLAIN (ANALYZE, FORMAT JSON) " + Retention.DELETE_BATCH
                .replaceFirst("\\?", Long.toString(RETENTION.toMillis())).replaceFirst("\\?", "1000"))
                .toString();
        assertThat(plan).as("the horizon is found on the completion index, not by reading the table")
                .contains("\"Index Name\": \"persona_tasks_completed_ix\"")
                .doesNotContain("Seq Scan");
        assertThat(existing(open)).hasSize(open.size());
        assertThat(finished()).isEqualTo(5_000);
    }

    @Test
    void badBoundsAreRefused() {
        assertThatThrownBy(() -> retention.purge(Duration.ZERO, 10, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention must be positive");
        assertThatThrownBy(() -> retention.purge(RETENTION, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retention.purge(RETENTION, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Two PENDING tasks (one carrying a stale completed_at, as a retried task must not but might)
     * and one RUNNING task, all with two attempts. @return their ids
     */
    private List<Long> openTasks() {
        List<Long> ids = new ArrayList<>();
        ids.add(insert("'PENDING'", "now() - interval '400 days'", "NULL, NULL, NULL"));
        ids.add(insert("'PENDING'", "NULL", "NULL, NULL, NULL"));
        ids.add(insert("'RUNNING'", "NULL", "'node-a', gen_random_uuid(), now() + interval '1 minute'"));
        return ids;
    }

    private long insert(String status, String completedAt, String claim) {
        long target = nextTarget++;
        long id = number("INSERT INTO persona_tasks (persona_id, task_type, status, post_id, target_key, "
                + "scheduled_at, completed_at, claimed_by, claim_token, lease_expires_at) VALUES (" + persona
                + ", 'COMMENT', " + status + ", " + target + ", " + target + ", now(), " + completedAt + ", " + claim
                + ") RETURNING id");
        forum.dsl.execute("INSERT INTO persona_task_attempts (task_id, attempt_no, node_id, claim_token) "
                + "SELECT ?, n, 'node-a', gen_random_uuid() FROM generate_series(1, 2) n", id);
        return id;
    }

    /**
     * Finished tasks (every fourth FAILED) completed {@code age} ago, with two attempts each and,
     * as a published task leaves, a persona_memory row. @return their ids
     */
    private List<Long> insertFinished(int count, Duration age) {
        long first = nextTarget;
        nextTarget += count;
        List<Long> ids = forum.dsl.fetch("""
                        INSERT INTO persona_tasks (persona_id, task_type, status, post_id, target_key, scheduled_at,
                                                   started_at, completed_at, attempt_count)
                        SELECT ?, 'COMMENT', CASE WHEN g % 4 = 0 THEN 'FAILED' ELSE 'DONE' END, g, g,
                               now() - ? * interval '1 millisecond', now() - ? * interval '1 millisecond',
                               now() - ? * interval '1 millisecond', 2
                        FROM generate_series(?::bigint, ?::bigint) g
                        RETURNING id""", persona, age.toMillis(), age.toMillis(), age.toMillis(), first,
                        first + count - 1)
                .getValues(0, Long.class);
        forum.dsl.execute("""
                INSERT INTO persona_task_attempts (task_id, attempt_no, node_id, claim_token, finished_at, outcome)
                SELECT t.id, n, 'node-a', gen_random_uuid(), t.completed_at, CASE WHEN n = 1 THEN 'RETRY' ELSE t.status END
                FROM persona_tasks t, generate_series(1, 2) n WHERE t.id = ANY(?)""", (Object) ids.toArray(Long[]::new));
        forum.dsl.execute("""
                INSERT INTO persona_memory (persona_id, task_type, target_id, task_id)
                SELECT persona_id, task_type, target_key, id FROM persona_tasks WHERE id = ANY(?)""",
                (Object) ids.toArray(Long[]::new));
        return ids;
    }

    private int expired() {
        return count("SELECT count(*) FROM persona_tasks WHERE status IN ('DONE', 'FAILED') "
                + "AND completed_at < now() - interval '1 day'");
    }

    private int finished() {
        return count("SELECT count(*) FROM persona_tasks WHERE status IN ('DONE', 'FAILED')");
    }

    private int memoryRows() {
        return count("SELECT count(*) FROM persona_memory");
    }

    private int attempts() {
        return count("SELECT count(*) FROM persona_task_attempts");
    }

    private int attemptsOfMissingTasks() {
        return count("SELECT count(*) FROM persona_task_attempts a "
                + "WHERE NOT EXISTS (SELECT 1 FROM persona_tasks t WHERE t.id = a.task_id)");
    }

    private List<Long> existing(List<Long> ids) {
        return forum.dsl.fetch("SELECT id FROM persona_tasks WHERE id = ANY(?)", (Object) ids.toArray(Long[]::new))
                .getValues(0, Long.class);
    }

    private int count(String sql) {
        return (int) number(sql);
    }

    private long number(String sql) {
        return ((Number) forum.dsl.fetchValue(sql)).longValue();
    }
}
