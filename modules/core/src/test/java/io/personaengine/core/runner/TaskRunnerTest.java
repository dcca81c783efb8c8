package io.personaengine.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimBatch;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.Outcome;
import io.personaengine.core.task.TaskStore;
import io.personaengine.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's decisions, driven synchronously through {@link TaskRunner#execute}. */
class TaskRunnerTest {

    private final RecordingStore store = new RecordingStore();
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final RunnerSettings settings = new RunnerSettings(10, 2, Duration.ofMinutes(5),
            new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofSeconds(45));

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
    }

    private TaskRunner runner(ActionHandler handler) {
        return new TaskRunner(store, Map.of(TaskType.COMMENT, handler), settings, "node-a", workers,
                new SplittableRandom(1), RunnerListener.NONE);
    }

    private static ClaimedTask task(int retryCount, int maxRetries) {
        return new ClaimedTask(7, 1, TaskType.COMMENT, 9L, null, null, retryCount, maxRetries, 1, "node-a",
                UUID.randomUUID());
    }

    @Test
    void aDoneOutcomePublishesItsEffect() {
        Effect effect = new Effect.PublishComment(9, null, "hello");

        runner(task -> new Outcome.Done(effect, Usage.NONE)).execute(task(0, 3));

        assertThat(store.calls).containsExactly("complete PublishComment");
    }

    @Test
    void aRetryableFailureGoesBackWithBackoffUntilTheRetriesRunOut() {
        ActionHandler flaky = task -> new Outcome.Retry("empty answer", Usage.NONE);

        runner(flaky).execute(task(0, 3));
        runner(flaky).execute(task(3, 3));

        assertThat(store.calls).hasSize(2);
        assertThat(store.calls.get(0)).as("the first retry waits 1 to 2 minutes").matches("retry PT1M[0-9.]*S?");
        assertThat(store.calls.get(1)).isEqualTo("fail gave up after 4 attempts: empty answer");
    }

    @Test
    void upstreamTroubleDefersForTheServersDelayOrTheDefaultWithoutUsingARetry() {
        var rateLimited = new ContentException(ContentException.Kind.RATE_LIMITED, "quota", Duration.ofSeconds(26),
                false, Usage.NONE, null);
        var overloaded = new ContentException(ContentException.Kind.UNAVAILABLE, "503");

        runner(task -> Outcome.of(rateLimited)).execute(task(3, 3));
        runner(task -> Outcome.of(overloaded)).execute(task(3, 3));

        assertThat(store.calls).containsExactly("defer PT26S", "defer PT45S");
    }

    @Test
    void aPermanentRefusalFailsAtOnceWithTheReason() {
        var blocked = new ContentException(ContentException.Kind.BLOCKED, "prompt blocked: SAFETY");

        runner(task -> Outcome.of(blocked)).execute(task(0, 3));

        assertThat(store.calls).containsExactly("fail BLOCKED: prompt blocked: SAFETY");
    }

    @Test
    void aHandlerThatThrowsCountsAsAFailedAttemptNotACrash() {
        runner(task -> {
            throw new IllegalStateException("bug");
        }).execute(task(0, 3));

        assertThat(store.calls).singleElement().asString().startsWith("retry");
    }

    @Test
    void aTickNeverClaimsMoreThanTheFreeWorkers() {
        runner(task -> new Outcome.Done(new Effect.PublishComment(9, null, "x"), Usage.NONE)).runOnce();

        assertThat(store.claimLimits).containsExactly(2);
    }

    @Test
    void aClaimThatTookAllItAskedForSaysMoreMayBeDueAndAFreedWorkerIsAnnounced() throws Exception {
        java.util.concurrent.atomic.AtomicInteger freed = new java.util.concurrent.atomic.AtomicInteger();
        TaskRunner runner = runner(task -> new Outcome.Done(new Effect.PublishComment(9, null, "x"), Usage.NONE));
        runner.onWorkerFreed(freed::incrementAndGet);
        store.toClaim.add(task(0, 3));
        store.toClaim.add(task(0, 3));

        TaskRunner.Refill full = runner.runOnce();
        workers.submit(() -> { }).get(); // one worker, first in first out: both tasks are through
        TaskRunner.Refill empty = runner.runOnce();

        assertThat(full.filled()).isTrue();
        assertThat(empty.filled()).isFalse();
        assertThat(empty.claimed()).isZero();
        assertThat(freed).hasValue(2);
    }

    @Test
    void everyLineAboutATaskCarriesItsKeysOnTheWorkerThreadAndNoneAfterwards() throws Exception {
        List<Map<String, String>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        RunnerListener listener = new RunnerListener() {
            @Override
            public void claimed(ClaimedTask task) {
                seen.add(mdc());
            }

            @Override
            public void finished(ClaimedTask task, Outcome outcome, boolean applied) {
                seen.add(mdc());
            }
        };
        TaskRunner runner = new TaskRunner(store, Map.of(TaskType.COMMENT, task -> {
            seen.add(mdc());
            return new Outcome.Done(new Effect.PublishComment(9, null, "x"), Usage.NONE);
        }), settings, "node-a", workers, new SplittableRandom(1), listener);
        store.toClaim.add(task(0, 3));

        runner.runOnce();
        Map<String, String> after = workers.submit(TaskRunnerTest::mdc).get(); // the same, only, worker thread

        Map<String, String> keys = Map.of("task", "7", "task_type", "COMMENT", "persona", "1", "node", "node-a");
        assertThat(seen).as("claimed, handled, finished").containsExactly(keys, keys, keys);
        assertThat(store.mdcWhileRecording).containsExactly(keys);
        assertThat(after).as("cleared after the task").isEmpty();
        assertThat(mdc()).as("the claiming thread keeps nothing either").isEmpty();
    }

    @Test
    void aThreadsOwnKeysSurviveATaskRunOnIt() {
        org.slf4j.MDC.put("node", "loop-of-node-a");
        org.slf4j.MDC.put("request", "r1");
        try {
            runner(task -> {
                assertThat(mdc()).containsEntry("node", "node-a").containsEntry("request", "r1");
                return new Outcome.Failed("no", Usage.NONE);
            }).execute(task(0, 3));

            assertThat(mdc()).isEqualTo(Map.of("node", "loop-of-node-a", "request", "r1"));
        } finally {
            org.slf4j.MDC.clear();
        }
    }

    private static Map<String, String> mdc() {
        Map<String, String> copy = org.slf4j.MDC.getCopyOfContextMap();
        return copy == null ? Map.of() : Map.copyOf(copy);
    }

    /** Records what the runner asked of the store. */
    private static final class RecordingStore implements TaskStore {
        final List<Map<String, String>> mdcWhileRecording = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Integer> claimLimits = new ArrayList<>();
        final List<ClaimedTask> toClaim = new ArrayList<>();
        volatile boolean failCompletions;

        @Override
        public int schedule(Collection<NewTask> tasks) {
            return 0;
        }

        @Override
        public ClaimBatch claimDue(String nodeId, int limit, Duration lease) {
            claimLimits.add(limit);
            List<ClaimedTask> claimed = List.copyOf(toClaim.subList(0, Math.min(limit, toClaim.size())));
            toClaim.subList(0, claimed.size()).clear();
            return new ClaimBatch(claimed, Optional.empty());
        }

        @Override
        public Optional<Long> complete(ClaimedTask task, Effect effect, Usage usage) {
            if (failCompletions) {
                throw new IllegalStateException("value too long");
            }
            mdcWhileRecording.add(mdc());
            calls.add("complete " + effect.getClass().getSimpleName());
            return Optional.of(1L);
        }

        @Override
        public boolean retry(ClaimedTask task, Duration backoff, String reason, Usage usage) {
            calls.add("retry " + backoff);
            return true;
        }

        @Override
        public boolean defer(ClaimedTask task, Duration delay, String reason, Usage usage) {
            calls.add("defer " + delay);
            return true;
        }

        @Override
        public boolean fail(ClaimedTask task, String reason, Usage usage) {
            calls.add("fail " + reason);
            return true;
        }

        @Override
        public int rescue() {
            return 0;
        }

        @Override
        public java.util.Set<UUID> extendLeases(Collection<ClaimedTask> tasks, Duration lease) {
            return java.util.Set.of();
        }

        @Override
        public int release(Collection<ClaimedTask> tasks, String reason) {
            calls.add("release " + tasks.size());
            return tasks.size();
        }
    }

    @Test
    void anOutcomeThatCannotBeRecordedCountsAsAFailedAttemptNotAnEndlessRescue() throws Exception {
        store.failCompletions = true;
        TaskRunner runner = runner(task -> new Outcome.Done(new Effect.PublishComment(9, null, "x"), Usage.NONE));
        store.toClaim.add(task(0, 3));
        store.toClaim.add(task(3, 3));

        runner.runOnce();
        workers.submit(() -> { }).get(); // one worker, first in first out: both tasks are through

        assertThat(store.calls).hasSize(2).anySatisfy(call -> assertThat(call).matches("retry PT1M[0-9.]*S?"))
                .contains("fail gave up: could not record the outcome: java.lang.IllegalStateException: value too long");
    }
}
