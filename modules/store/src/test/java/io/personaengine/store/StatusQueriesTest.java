package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.NewTask;
import io.personaengine.store.StatusQueries.QueueCount;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusQueriesTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Pattern INDEX = Pattern.compile("(?:Index Scan|Index Only Scan) (?:using|on) (\\w+)");
    /** The indexes whose rows are PENDING or RUNNING tasks only. */
    private static final Set<String> PARTIAL_OPEN = Set.of("persona_tasks_open_uk", "persona_tasks_due_ix",
            "persona_tasks_lease_ix", "persona_tasks_persona_running_ix", "persona_tasks_claimed_by_ix");

    private ForumFixture forum;
    private JooqTaskStore store;
    private StatusQueries status;

    @BeforeEach
    void setUp() {
        DSL.using(db.dataSource(), SQLDialect.POSTGRES).execute("TRUNCATE boards, users, posts, comments, votes, images, personas, persona_memory, "
                + "persona_tasks, persona_task_attempts, engine_nodes RESTART IDENTITY CASCADE");
        forum = new ForumFixture(db.dataSource());
        store = new JooqTaskStore(forum.dsl);
        status = new StatusQueries(forum.dsl);
    }

    @Test
    void nodesComeNewestHeartbeatFirstWithTheTimeSinceOnTheDatabaseClock() {
        NodeHeartbeats heartbeats = new NodeHeartbeats(forum.dsl);
        heartbeats.beat("node-old");
        heartbeats.beat("node-new");
        forum.dsl.execute("UPDATE engine_nodes SET heartbeat_at = now() - interval '30 seconds', "
                + "started_at = now() - interval '1 hour' WHERE node_id = 'node-old'");

        List<StatusQueries.Node> nodes = status.nodes();

        assertThat(nodes).extracting(StatusQueries.Node::nodeId).containsExactly("node-new", "node-old");
        assertThat(nodes.get(1).sinceHeartbeat()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(40));
        assertThat(nodes.get(1).startedAt()).isBefore(nodes.get(1).heartbeatAt());
    }

    @Test
    void openTasksCountPendingAndRunningAndFinishedTasksDoneAndFailedEachOnlyWhereThereAreTasks() {
        long persona = forum.persona("ana", "cooking");
        store.schedule(List.of(NewTask.comment(persona, forum.post("Bread"), Duration.ZERO, 3),
                NewTask.comment(persona, forum.post("Soup"), Duration.ZERO, 3),
                NewTask.comment(persona, forum.post("Eggs"), Duration.ZERO, 3),
                NewTask.comment(persona, forum.post("Tea"), Duration.ofHours(1), 3)));
        List<ClaimedTask> claimed = store.claimDue("node-a", 2, LEASE).tasks();
        store.fail(claimed.get(0), "gave up", Usage.NONE);
        forum.dsl.execute("UPDATE persona_tasks SET status = 'DONE', completed_at = now() WHERE id = ("
                + "SELECT min(id) FROM persona_tasks WHERE status = 'PENDING')");

        assertThat(status.openTasks()).containsExactly(new QueueCount("COMMENT", "PENDING", 1),
                new QueueCount("COMMENT", "RUNNING", 1));
        assertThat(status.finishedTasks()).containsExactly(new QueueCount("COMMENT", "DONE", 1),
                new QueueCount("COMMENT", "FAILED", 1));
    }

    @Test
    void openTasksAreCountedOnlyOnPartialIndexesOfOpenTasks() {
        // the table here is tiny; without sequential scans the plan shows which indexes can answer
        List<String> plan = forum.dsl.transactionResult(c -> {
            c.dsl().execute("SET LOCAL enable_seqscan = off");
            return c.dsl().fetch("EXPLAIN " + StatusQueries.OPEN_TASKS).getValues(0, String.class);
        });

        assertThat(plan).noneMatch(line -> line.contains("Seq Scan"));
        List<String> indexes = plan.stream().map(INDEX::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        assertThat(indexes).as("%s", String.join("\n", plan)).isNotEmpty().allMatch(PARTIAL_OPEN::contains);
    }

    @Test
    void recentAttemptsComeNewestFirstWithTheirTaskPersonaAndErrorAsStored() {
        long persona = forum.persona("ana", "cooking");
        store.schedule(List.of(NewTask.comment(persona, forum.post("Bread"), Duration.ZERO, 3),
                NewTask.comment(persona, forum.post("Soup"), Duration.ZERO, 3)));
        List<ClaimedTask> claimed = store.claimDue("node-a", 2, LEASE).tasks();
        String hostile = "<img src=x onerror=alert(1)>";
        store.fail(claimed.get(0), hostile, Usage.NONE);
        forum.dsl.execute("UPDATE persona_task_attempts SET started_at = started_at - interval '1 second' "
                + "WHERE task_id = " + claimed.get(0).id());

        List<StatusQueries.Attempt> attempts = status.recentAttempts(20);

        assertThat(attempts).extracting(StatusQueries.Attempt::taskId)
                .containsExactly(claimed.get(1).id(), claimed.get(0).id());
        StatusQueries.Attempt running = attempts.get(0);
        assertThat(running.outcome()).isNull();
        assertThat(running.finishedAt()).isNull();
        StatusQueries.Attempt failed = attempts.get(1);
        assertThat(failed.outcome()).isEqualTo("FAILED");
        assertThat(failed.errorMessage()).isEqualTo(hostile);
        assertThat(failed.persona()).isEqualTo("ana");
        assertThat(failed.type()).isEqualTo("COMMENT");
        assertThat(failed.nodeId()).isEqualTo("node-a");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(status.recentAttempts(1)).hasSize(1);
    }

    @Test
    void theNumberOfAttemptsIsBounded() {
        assertThatThrownBy(() -> status.recentAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> status.recentAttempts(StatusQueries.MAX_ATTEMPTS + 1))
                .hasMessageContaining("1..200");
    }
}
