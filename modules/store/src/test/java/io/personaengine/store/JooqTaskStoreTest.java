package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASK_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqTaskStoreTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Usage USAGE = new Usage(1, 40, 12, "gemini-test");
    private static final Duration LEASE = Duration.ofMinutes(5);

    private ForumFixture forum;
    private JooqTaskStore store;
    private long persona;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, images RESTART IDENTITY CASCADE");
        store = new JooqTaskStore(forum.dsl);
        persona = forum.persona("chef", "cooking");
    }

    @Test
    void claimsDueTasksOldestFirstAndLeavesFutureOnesAlone() {
        long older = forum.post("older");
        long newer = forum.post("newer");
        long future = forum.post("future");
        store.schedule(List.of(NewTask.comment(persona, future, Duration.ofHours(1), 3)));
        store.schedule(List.of(NewTask.comment(persona, newer, Duration.ZERO, 3)));
        store.schedule(List.of(NewTask.comment(persona, older, Duration.ZERO, 3)));
        forum.dsl.execute("UPDATE persona_tasks SET scheduled_at = now() - interval '1 minute' WHERE post_id = "
                + older);

        List<ClaimedTask> claimed = store.claimDue("node-a", 10, LEASE).tasks();

        assertThat(claimed).extracting(ClaimedTask::postId).containsExactly(older, newer);
        assertThat(claimed).allSatisfy(task -> {
            assertThat(task.nodeId()).isEqualTo("node-a");
            assertThat(task.attemptNo()).isEqualTo(1);
        });
        assertThat(store.claimDue("node-b", 10, LEASE).tasks()).isEmpty();
    }

    @Test
    void schedulingTheSameOpenTaskTwiceQueuesItOnce() {
        long post = forum.post("eggs");

        int first = store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        int second = store.schedule(List.of(NewTask.comment(persona, post, Duration.ofMinutes(3), 3)));

        assertThat(first).isEqualTo(1);
        assertThat(second).isZero();
        assertThat(forum.dsl.fetchCount(PERSONA_TASKS)).isEqualTo(1);
    }

    @Test
    void twoConcurrentClaimersNeverGetTheSameTask() throws Exception {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long p = forum.persona("persona" + i, "cooking");
            tasks.add(NewTask.comment(p, forum.post("post " + i), Duration.ZERO, 3));
        }
        store.schedule(tasks);
        Set<Long> seen = Collections.synchronizedSet(new HashSet<>());
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        Callable<Void> claimer = () -> {
            List<ClaimedTask> batch;
            while (!(batch = store.claimDue(Thread.currentThread().getName(), 7, LEASE).tasks()).isEmpty()) {
                batch.forEach(task -> {
                    seen.add(task.id());
                    all.add(task.id());
                });
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                running.add(pool.submit(claimer));
            }
            for (Future<Void> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(all).hasSize(300);
        assertThat(seen).hasSize(300);
        assertThat(forum.dsl.fetchCount(PERSONA_TASK_ATTEMPTS)).isEqualTo(300);
    }

    @Test
    void completionPublishesTheEffectAndFinishesTheTaskTogether() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask task = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        var resultId = store.complete(task, new Effect.PublishComment(post, null, "Carbon steel, every day."), USAGE);

        assertThat(resultId).isPresent();
        var row = forum.dsl.selectFrom(PERSONA_TASKS).where(PERSONA_TASKS.ID.eq(task.id())).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("DONE");
        assertThat(row.getResultId()).isEqualTo(resultId.get());
        assertThat(row.getClaimToken()).isNull();
        assertThat(row.getCompletedAt()).isNotNull();
        var comment = forum.dsl.selectFrom(COMMENTS).where(COMMENTS.ID.eq(resultId.get())).fetchSingle();
        assertThat(comment.getBody()).isEqualTo("Carbon steel, every day.");
        assertThat(comment.getTaskId()).isEqualTo(task.id());
        var attempt = forum.dsl.selectFrom(PERSONA_TASK_ATTEMPTS).fetchSingle();
        assertThat(attempt.getOutcome()).isEqualTo("DONE");
        assertThat(attempt.getGeminiCalls()).isEqualTo(1);
        assertThat(attempt.getPromptTokens()).isEqualTo(40);
        assertThat(attempt.getOutputTokens()).isEqualTo(12);
        assertThat(attempt.getModel()).isEqualTo("gemini-test");
        assertThat(attempt.getNodeId()).isEqualTo("node-a");
    }

    @Test
    void aCompletionWithoutTheClaimIsRefusedAndPublishesNothing() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask real = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        ClaimedTask forged = new ClaimedTask(real.id(), real.personaId(), real.type(), real.postId(), null, null,
                0, 3, 1, "node-b", UUID.randomUUID());

        var forgedResult = store.complete(forged, new Effect.PublishComment(post, null, "impostor"), USAGE);
        boolean forgedFail = store.fail(forged, "impostor", USAGE);
        boolean forgedRetry = store.retry(forged, Duration.ZERO, "impostor", USAGE);

        assertThat(forgedResult).isEmpty();
        assertThat(forgedFail).isFalse();
        assertThat(forgedRetry).isFalse();
        assertThat(forum.dsl.fetchCount(COMMENTS)).isZero();
        assertThat(store.complete(real, new Effect.PublishComment(post, null, "the real one"), USAGE)).isPresent();
        assertThat(forum.dsl.fetchCount(COMMENTS)).isEqualTo(1);
    }

    @Test
    void aRescuedTaskCannotBeCompletedByItsFormerHolder() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask stale = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        forum.dsl.execute("UPDATE persona_tasks SET lease_expires_at = now() - interval '1 second'");

        int rescued = store.rescue();
        ClaimedTask fresh = store.claimDue("node-b", 1, LEASE).tasks().get(0);

        assertThat(rescued).isEqualTo(1);
        assertThat(store.complete(stale, new Effect.PublishComment(post, null, "late original"), USAGE)).isEmpty();
        assertThat(store.complete(fresh, new Effect.PublishComment(post, null, "rescuer"), USAGE)).isPresent();
        assertThat(forum.dsl.select(COMMENTS.BODY).from(COMMENTS).fetch(COMMENTS.BODY)).containsExactly("rescuer");
        var task = forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle();
        assertThat(task.getRescueCount()).isEqualTo(1);
        assertThat(task.getAttemptCount()).isEqualTo(2);
        assertThat(forum.dsl.select(PERSONA_TASK_ATTEMPTS.OUTCOME).from(PERSONA_TASK_ATTEMPTS)
                .orderBy(PERSONA_TASK_ATTEMPTS.ID).fetch(PERSONA_TASK_ATTEMPTS.OUTCOME))
                .containsExactly("RESCUED", "DONE");
    }

    @Test
    void retryUsesARetryAndDeferDoesNot() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));

        ClaimedTask first = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        assertThat(store.retry(first, Duration.ZERO, "empty answer", USAGE)).isTrue();
        ClaimedTask second = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        assertThat(store.defer(second, Duration.ofMinutes(10), "429 from upstream", USAGE)).isTrue();

        var task = forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle();
        assertThat(second.retryCount()).isEqualTo(1);
        assertThat(task.getRetryCount()).isEqualTo(1);
        assertThat(task.getDeferCount()).isEqualTo(1);
        assertThat(task.getStatus()).isEqualTo("PENDING");
        assertThat(task.getErrorMessage()).isEqualTo("429 from upstream");
        assertThat(store.claimDue("node-a", 1, LEASE).tasks()).as("deferred ten minutes on the database clock").isEmpty();
    }

    @Test
    void aPersonaThatAlreadyActedOnTheTargetFailsInsteadOfPublishingTwice() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask first = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        store.complete(first, new Effect.PublishComment(post, null, "first"), USAGE);
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask second = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        var result = store.complete(second, new Effect.PublishComment(post, null, "second"), USAGE);

        assertThat(result).isEmpty();
        assertThat(forum.dsl.select(COMMENTS.BODY).from(COMMENTS).fetch(COMMENTS.BODY)).containsExactly("first");
        var failed = forum.dsl.selectFrom(PERSONA_TASKS).where(PERSONA_TASKS.ID.eq(second.id())).fetchSingle();
        assertThat(failed.getStatus()).isEqualTo("FAILED");
        assertThat(failed.getErrorMessage()).contains("already did COMMENT");
    }

    @Test
    void aVoteIsCastOnceAndASecondVoteByTheSamePersonaFailsTheTask() {
        long post = forum.post("eggs");
        store.schedule(List.of(new NewTask(persona, io.personaengine.core.task.TaskType.VOTE, post, null, null,
                Duration.ZERO, 3)));
        ClaimedTask vote = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        assertThat(store.complete(vote, new Effect.CastVote(post, -1), USAGE)).contains(post);

        assertThat(forum.dsl.fetchSingle("SELECT value FROM votes WHERE post_id = " + post).get(0, Short.class))
                .isEqualTo((short) -1);
        forum.dsl.execute("DELETE FROM persona_memory");
        store.schedule(List.of(new NewTask(persona, io.personaengine.core.task.TaskType.VOTE, post, null, null,
                Duration.ZERO, 3)));
        ClaimedTask again = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        assertThat(store.complete(again, new Effect.CastVote(post, 1), USAGE)).isEmpty();
        assertThat(forum.dsl.fetchCount(io.personaengine.store.jooq.Tables.VOTES)).isEqualTo(1);
        assertThat(forum.dsl.selectFrom(PERSONA_TASKS).where(PERSONA_TASKS.ID.eq(again.id())).fetchSingle()
                .getErrorMessage()).contains("already voted");
    }

    @Test
    void anImagePostStoresTheImageAndThePostThatShowsIt() {
        store.schedule(List.of(new NewTask(persona, io.personaengine.core.task.TaskType.IMAGE_POST, null, null,
                forum.boardId, Duration.ZERO, 3)));
        ClaimedTask task = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};

        var postId = store.complete(task, new Effect.PublishPost(forum.boardId, "Ramen", "Fresh from the pot",
                List.of("cooking"), new Effect.NewImage("image/png", png, "a bowl of ramen")), USAGE);

        assertThat(postId).isPresent();
        var row = forum.dsl.fetchSingle("SELECT p.title, p.task_id, i.mime_type, i.data, i.prompt FROM posts p "
                + "JOIN images i ON i.id = p.image_id WHERE p.id = " + postId.get());
        assertThat(row.get("title", String.class)).isEqualTo("Ramen");
        assertThat(row.get("task_id", Long.class)).isEqualTo(task.id());
        assertThat(row.get("mime_type", String.class)).isEqualTo("image/png");
        assertThat(row.get("data", byte[].class)).isEqualTo(png);
        assertThat(forum.dsl.fetchSingle("SELECT target_id FROM persona_memory WHERE task_type = 'IMAGE_POST'")
                .get(0, Long.class)).isEqualTo(postId.get());
    }

    @Test
    void aClaimAdmitsAPersonaOnlyUpToItsHourlyLimitCountingFinishedAndRunningActions() {
        JooqTaskStore limited = new JooqTaskStore(forum.dsl, TaskStoreSettings.defaults().withPersonaMaxActionsPerHour(3), ClaimBudget.UNLIMITED);
        List<Long> posts = List.of(forum.post("a"), forum.post("b"), forum.post("c"), forum.post("d"));
        posts.forEach(p -> limited.schedule(List.of(NewTask.comment(persona, p, Duration.ZERO, 3))));
        ClaimedTask done = limited.claimDue("node-a", 1, LEASE).tasks().get(0);
        limited.complete(done, new Effect.PublishComment(posts.get(0), null, "one"), USAGE);
        ClaimedTask running = limited.claimDue("node-a", 1, LEASE).tasks().get(0);

        List<ClaimedTask> rest = limited.claimDue("node-b", 10, LEASE).tasks();

        assertThat(running.postId()).isEqualTo(posts.get(1));
        assertThat(rest).as("one finished and one running leave room for one more of three")
                .extracting(ClaimedTask::postId).containsExactly(posts.get(2));
        var putOff = forum.dsl.selectFrom(PERSONA_TASKS).where(PERSONA_TASKS.POST_ID.eq(posts.get(3))).fetchSingle();
        assertThat(putOff.getStatus()).isEqualTo("PENDING");
        assertThat(putOff.getRetryCount()).isZero();
        assertThat(putOff.getDeferCount()).isEqualTo(1);
        assertThat(putOff.getAttemptCount()).as("never executed").isZero();
        assertThat(putOff.getErrorMessage()).contains("3 actions in the last hour");
        assertThat(forum.dsl.fetchSingle("SELECT (t.scheduled_at - d.completed_at)::text FROM persona_tasks t, "
                + "persona_tasks d WHERE d.id = " + done.id() + " AND t.id = " + putOff.getId()).get(0, String.class))
                .as("due when the finished action leaves the hour").startsWith("01:00:01");
        assertThat(forum.dsl.fetchCount(PERSONA_TASK_ATTEMPTS)).isEqualTo(3);
    }

    @Test
    void concurrentClaimsOnManyThreadsNeverAdmitMoreThanThePersonasLimit() throws Exception {
        JooqTaskStore limited = new JooqTaskStore(forum.dsl, TaskStoreSettings.defaults().withPersonaMaxActionsPerHour(5), ClaimBudget.UNLIMITED);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tasks.add(NewTask.comment(persona, forum.post("post " + i), Duration.ZERO, 3));
        }
        limited.schedule(tasks);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String node = "node-" + i;
                claimers.add(pool.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        limited.claimDue(node, 2, LEASE).tasks().forEach(task -> claimed.add(task.id()));
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).hasSize(5).doesNotHaveDuplicates();
        assertThat(forum.dsl.fetchCount(PERSONA_TASKS, PERSONA_TASKS.STATUS.eq("RUNNING"))).isEqualTo(5);
    }

    @Test
    void aClaimTakesNoMoreUpstreamCallsThanTheBudgetHasRoomForCountingAnImagePostAsTwo() {
        JooqTaskStore budgeted = new JooqTaskStore(forum.dsl, TaskStoreSettings.defaults(), () -> "3");
        long other = forum.persona("painter", "cooking");
        budgeted.schedule(List.of(new NewTask(other, io.personaengine.core.task.TaskType.IMAGE_POST, null, null,
                forum.boardId, Duration.ZERO, 3)));
        forum.dsl.execute("UPDATE persona_tasks SET scheduled_at = now() - interval '1 minute'");
        List<Long> posts = List.of(forum.post("a"), forum.post("b"));
        posts.forEach(p -> budgeted.schedule(List.of(NewTask.comment(persona, p, Duration.ZERO, 3))));

        var batch = budgeted.claimDue("node-a", 10, LEASE);

        assertThat(batch.tasks()).extracting(ClaimedTask::type).containsExactly(
                io.personaengine.core.task.TaskType.IMAGE_POST, io.personaengine.core.task.TaskType.COMMENT);
        assertThat(batch.nextDue()).as("one task is due but left for the budget").contains(Duration.ZERO);
        assertThat(forum.dsl.fetchCount(PERSONA_TASKS, PERSONA_TASKS.STATUS.eq("PENDING")
                .and(PERSONA_TASKS.DEFER_COUNT.eq(0)))).isEqualTo(1);
    }

    @Test
    void aClaimSaysWhenTheNextPendingTaskFallsDue() {
        store.schedule(List.of(NewTask.comment(persona, forum.post("later"), Duration.ofSeconds(90), 3)));
        store.schedule(List.of(NewTask.comment(persona, forum.post("now"), Duration.ZERO, 3)));

        var batch = store.claimDue("node-a", 5, LEASE);
        var empty = store.claimDue("node-a", 5, LEASE);
        forum.dsl.execute("DELETE FROM persona_tasks WHERE status = 'PENDING'");

        assertThat(batch.tasks()).hasSize(1);
        assertThat(batch.nextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(85), Duration.ofSeconds(90)));
        assertThat(empty.tasks()).isEmpty();
        assertThat(empty.nextDue()).isPresent();
        assertThat(store.claimDue("node-a", 5, LEASE).nextDue()).as("nothing pending").isEmpty();
    }

    @Test
    void aRefusedVoteLeavesNoMemoryBehind() {
        long post = forum.post("eggs");
        forum.dsl.execute("INSERT INTO votes (post_id, user_id, value) SELECT ?, user_id, 1 FROM personas WHERE id = ?",
                post, persona);
        store.schedule(List.of(new NewTask(persona, io.personaengine.core.task.TaskType.VOTE, post, null, null,
                Duration.ZERO, 3)));
        ClaimedTask vote = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        assertThat(store.complete(vote, new Effect.CastVote(post, -1), USAGE)).isEmpty();

        assertThat(forum.dsl.fetchCount(io.personaengine.store.jooq.Tables.PERSONA_MEMORY)).isZero();
        assertThat(forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle().getStatus()).isEqualTo("FAILED");
    }

    @Test
    void aTaskRescuedMoreOftenThanItsRescueBoundFailsInsteadOfComingBackForever() {
        JooqTaskStore store = new JooqTaskStore(forum.dsl, TaskStoreSettings.defaults().withMaxRescues(2),
                ClaimBudget.UNLIMITED);
        long post = forum.post("poison");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));

        for (int rescue = 1; rescue <= 2; rescue++) {
            store.claimDue("node-" + rescue, 1, LEASE);
            forum.dsl.execute("UPDATE persona_tasks SET lease_expires_at = now() - interval '1 second'");
            assertThat(store.rescue()).isEqualTo(1);
            assertThat(forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle().getStatus()).isEqualTo("PENDING");
        }
        store.claimDue("node-3", 1, LEASE);
        forum.dsl.execute("UPDATE persona_tasks SET lease_expires_at = now() - interval '1 second'");
        store.rescue();

        var task = forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle();
        assertThat(task.getStatus()).isEqualTo("FAILED");
        assertThat(task.getRescueCount()).isEqualTo(3);
        assertThat(task.getRetryCount()).as("rescues are not retries").isZero();
        assertThat(task.getErrorMessage()).startsWith("gave up: handed back by rescue too often (3 times)");
        assertThat(task.getCompletedAt()).isNotNull();
        assertThat(store.claimDue("node-4", 1, LEASE).tasks()).isEmpty();
    }

    @Test
    void aRescueUsesNoRetryEvenWhenTheTaskMayNotBeRetried() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 0)));
        store.claimDue("node-a", 1, LEASE);
        forum.dsl.execute("UPDATE persona_tasks SET lease_expires_at = now() - interval '1 second'");

        store.rescue();

        var task = forum.dsl.selectFrom(PERSONA_TASKS).fetchSingle();
        assertThat(task.getStatus()).isEqualTo("PENDING");
        assertThat(task.getRetryCount()).isZero();
        assertThat(store.claimDue("node-b", 1, LEASE).tasks()).hasSize(1);
    }

    @Test
    void theTasksOfANodeWhoseHeartbeatIsStaleOnTheDatabaseClockAreHandedBackBeforeTheirLeasesLapse() {
        NodeHeartbeats heartbeats = new NodeHeartbeats(forum.dsl);
        store.schedule(List.of(NewTask.comment(persona, forum.post("a"), Duration.ZERO, 3)));
        long other = forum.persona("baker", "cooking");
        store.schedule(List.of(NewTask.comment(other, forum.post("b"), Duration.ZERO, 3)));
        heartbeats.beat("alive");
        heartbeats.beat("stalled");
        store.claimDue("alive", 1, LEASE);
        store.claimDue("stalled", 1, LEASE);
        forum.dsl.execute("UPDATE engine_nodes SET heartbeat_at = now() - interval '11 seconds' WHERE node_id = 'stalled'");

        int rescued = store.rescue();

        assertThat(rescued).isEqualTo(1);
        assertThat(forum.dsl.fetch("SELECT claimed_by, status FROM persona_tasks ORDER BY id").map(r -> r.get(0) + " "
                + r.get(1))).containsExactly("alive RUNNING", "stalled PENDING");
        assertThat(forum.dsl.fetchSingle("SELECT error_message FROM persona_task_attempts WHERE node_id = 'stalled'")
                .get(0, String.class)).isEqualTo("its node stalled stopped heartbeating; handed back to the cluster");
    }

    @Test
    void aNodeThatKeepsHeartbeatingKeepsItsTasksHoweverLongTheyRun() {
        NodeHeartbeats heartbeats = new NodeHeartbeats(forum.dsl);
        store.schedule(List.of(NewTask.comment(persona, forum.post("a"), Duration.ZERO, 3)));
        heartbeats.beat("slow");
        store.claimDue("slow", 1, LEASE);
        forum.dsl.execute("UPDATE persona_tasks SET started_at = now() - interval '10 minutes'");

        assertThat(store.rescue()).isZero();
        heartbeats.leave("slow");
        assertThat(store.rescue()).as("without a heartbeat row, the lease alone decides").isZero();
    }

    @Test
    void aNulCharacterFromTheModelIsDroppedRatherThanMakingTheTaskUnpublishable() {
        long post = forum.post("eggs");
        store.schedule(List.of(NewTask.comment(persona, post, Duration.ZERO, 3)));
        ClaimedTask task = store.claimDue("node-a", 1, LEASE).tasks().get(0);

        var id = store.complete(task, new Effect.PublishComment(post, null, "nul\u0000here"), USAGE);

        assertThat(forum.dsl.selectFrom(COMMENTS).where(COMMENTS.ID.eq(id.orElseThrow())).fetchSingle().getBody())
                .isEqualTo("nulhere");
    }
}
