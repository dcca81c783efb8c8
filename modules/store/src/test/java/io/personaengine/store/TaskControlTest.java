package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimBatch;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** requeue, cancel and the type and persona pauses, on the claim path every node uses. */
class TaskControlTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration LEASE = Duration.ofMinutes(5);

    private ForumFixture forum;
    private JooqTaskStore store;
    private TaskControl control;
    private OperatorPauses pauses;
    private long persona;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, images, engine_pauses "
                + "RESTART IDENTITY CASCADE");
        store = new JooqTaskStore(forum.dsl);
        control = new TaskControl(forum.dsl);
        pauses = new OperatorPauses(forum.dsl);
        persona = forum.persona("chef", "cooking");
    }

    @Test
    void requeueReopensFailedTasksWithFreshRetriesUnlessTheTargetIsOpenOrDone() {
        long lonely = forum.post("lonely");
        long busy = forum.post("busy");
        long done = forum.post("done");
        List<Long> failed = failComments(lonely, busy, done);
        store.schedule(List.of(NewTask.comment(persona, busy, Duration.ofHours(1), 3))); // open again
        forum.dsl.execute("INSERT INTO persona_memory (persona_id, task_type, target_id, task_id) VALUES (?, 'COMMENT', ?, 0)",
                persona, done);

        TaskControl.Requeued result = control.requeue(filter(TaskType.COMMENT));

        assertThat(result.requeued()).containsExactly(failed.get(0));
        assertThat(result.skipped()).containsExactly(failed.get(1), failed.get(2));
        assertThat(forum.dsl.fetchSingle("SELECT status, retry_count, completed_at IS NULL AS open, error_message "
                + "FROM persona_tasks WHERE id = ?", failed.get(0)).intoMap())
                .containsEntry("status", "PENDING").containsEntry("retry_count", 0).containsEntry("open", true)
                .containsEntry("error_message", null);
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).extracting(ClaimedTask::id)
                .containsExactly(failed.get(0));
    }

    @Test
    void ofSeveralFailedTasksForOneTargetOnlyTheNewestComesBack() {
        long post = forum.post("twice");
        long older = failComments(post).get(0);
        long newer = failComments(post).get(0);

        TaskControl.Requeued result = control.requeue(TaskControl.Filter.all());

        assertThat(result.requeued()).containsExactly(newer);
        assertThat(result.skipped()).containsExactly(older);
    }

    @Test
    void requeueFiltersByReasonAndAge() {
        long a = forum.post("a");
        long b = forum.post("b");
        long c = forum.post("c");
        List<Long> failed = failComments(a, b, c);
        forum.dsl.execute("UPDATE persona_tasks SET error_message = 'TIMEOUT: Gemini took too long' WHERE id IN (?, ?)",
                failed.get(0), failed.get(2));
        forum.dsl.execute("UPDATE persona_tasks SET completed_at = now() - interval '3 hours' WHERE id IN (?, ?)",
                failed.get(1), failed.get(2));

        assertThat(control.requeue(new TaskControl.Filter(List.of(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofHours(1)), Optional.of("%timeout%"))).requeued())
                .as("failed within the hour and timed out").containsExactly(failed.get(0));
        assertThat(control.requeue(new TaskControl.Filter(List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("%TimeOut%"))).requeued()).as("ILIKE, at any age")
                .containsExactly(failed.get(2));
        assertThat(control.requeue(new TaskControl.Filter(List.of(failed.get(1)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())).requeued()).containsExactly(failed.get(1));
    }

    @Test
    void cancelFailsOnlyPendingTasksAndRequeueLeavesThemUnlessAsked() {
        long a = forum.post("a");
        long b = forum.post("b");
        store.schedule(List.of(NewTask.comment(persona, a, Duration.ZERO, 3), NewTask.comment(persona, b, Duration.ZERO, 3)));
        ClaimedTask running = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        List<Long> cancelled = control.cancel(filter(TaskType.COMMENT));

        assertThat(cancelled).hasSize(1).doesNotContain(running.id());
        assertThat(forum.dsl.fetchSingle("SELECT status, error_message FROM persona_tasks WHERE id = ?",
                cancelled.get(0)).intoMap()).containsEntry("status", "FAILED")
                .containsEntry("error_message", TaskControl.CANCELLED);
        assertThat(control.requeue(TaskControl.Filter.all()).requeued()).isEmpty();
        assertThat(control.requeue(new TaskControl.Filter(cancelled, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())).requeued()).isEqualTo(cancelled);
    }

    @Test
    void claimsSkipPausedTypesAndPersonasAndTheirDueTimes() {
        long other = forum.persona("baker", "cooking");
        long post = forum.post("p");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3),
                new NewTask(persona, TaskType.VOTE, post, null, null, Duration.ZERO, 3),
                NewTask.comment(other, post, Duration.ZERO, 3)));
        assertThat(pauses.pauseType(TaskType.VOTE, "test")).isTrue();
        assertThat(pauses.pausePersona(other, "test")).isTrue();
        assertThat(pauses.pausePersona(other, "test")).isFalse();

        List<ClaimedTask> claimed = store.claimDue("node-a", 10, LEASE).tasks();

        assertThat(claimed).extracting(ClaimedTask::type, ClaimedTask::personaId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskType.COMMENT, persona));
        assertThat(claimed.get(0).startLag()).isLessThan(Duration.ofSeconds(5));
        ClaimBatch nothing = store.claimDue("node-a", 10, LEASE);
        assertThat(nothing.tasks()).isEmpty();
        assertThat(nothing.nextDue()).as("paused tasks are due for no claimer").isEmpty();
        assertThat(pauses.active()).extracting(OperatorPauses.Pause::describe)
                .containsExactly("type VOTE", "persona " + other);

        assertThat(pauses.resumeType(TaskType.VOTE)).isTrue();
        assertThat(pauses.resumeType(TaskType.VOTE)).isFalse();
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).extracting(ClaimedTask::type)
                .containsExactly(TaskType.VOTE);
        assertThatThrownBy(() -> pauses.pausePersona(9_999, "test")).hasMessage("there is no persona 9999");
    }

    private List<Long> failComments(long... posts) {
        for (long post : posts) {
            store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        }
        List<ClaimedTask> claimed = store.claimDue("node-a", posts.length, LEASE).tasks();
        claimed.forEach(task -> store.fail(task, "REFUSED: HTTP 400", Usage.NONE));
        return claimed.stream().map(ClaimedTask::id).sorted().toList();
    }

    private static TaskControl.Filter filter(TaskType type) {
        return new TaskControl.Filter(List.of(), Optional.of(type), Optional.empty(), Optional.empty(), Optional.empty());
    }

}
