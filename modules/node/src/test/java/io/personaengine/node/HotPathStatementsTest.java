package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.runner.RunnerListener;
import io.personaengine.core.runner.RunnerSettings;
import io.personaengine.core.runner.TaskRunner;
import io.personaengine.core.task.NewTask;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.guard.GuardSettings;
import io.personaengine.gemini.guard.GuardedContentGenerator;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.JooqForum;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.TaskStoreSettings;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What one COMMENT task costs the database, counted at the JDBC boundary from its claim to its
 * completion: at most 6 round trips and 2 transactions on average (the claim is shared by its
 * batch), so the hot path cannot grow back unnoticed. The pieces are wired as a node wires them:
 * the store with the Gemini budget folded into its claim, the guarded generator on the ledger,
 * the real handlers, and the simulator answering at once.
 */
class HotPathStatementsTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final int MAX_ROUND_TRIPS_PER_TASK = 6;
    private static final int MAX_TRANSACTIONS_PER_TASK = 2;

    private final DSLContext setup = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final RoundTrips counter = new RoundTrips();
    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(Duration.ZERO).build().start();
    private final GeminiClient gemini = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
    private final ExecutorService workers = Executors.newFixedThreadPool(8);

    @BeforeEach
    void emptyForumAndQueue() {
        TestNodes.emptyDatabase(setup);
    }

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
        gemini.close();
        simulator.close();
    }

    @Test
    void aCommentTaskOnItsOwnTakesAtMostSixRoundTripsAndTwoTransactions() {
        assertCostPerTask(1);
    }

    @Test
    void aBatchOfCommentTasksTakesAtMostSixRoundTripsAndTwoTransactionsPerTask() {
        assertCostPerTask(8);
    }

    private void assertCostPerTask(int tasks) {
        queueComments(tasks);
        TaskRunner runner = runner();
        counter.reset();

        int claimed = runner.runOnce().claimed();
        await().atMost(Duration.ofSeconds(20)).until(() -> setup.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq("DONE")) == tasks);
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.inFlight() == 0);

        double roundTrips = (double) counter.roundTrips() / tasks;
        double transactions = (double) counter.transactions() / tasks;
        LoggerFactory.getLogger(HotPathStatementsTest.class).info(
                "HOT PATH: {} COMMENT task(s) in one claim: {} round trips and {} transactions in all, {} and {} per task",
                tasks, counter.roundTrips(), counter.transactions(), roundTrips, transactions);
        assertThat(claimed).isEqualTo(tasks);
        assertThat(setup.fetchCount(DSL.table("comments"))).isEqualTo(tasks);
        assertThat(roundTrips).isLessThanOrEqualTo(MAX_ROUND_TRIPS_PER_TASK);
        assertThat(transactions).isLessThanOrEqualTo(MAX_TRANSACTIONS_PER_TASK);
    }

    private TaskRunner runner() {
        DSLContext dsl = DSL.using(counter.counting(db.dataSource()), SQLDialect.POSTGRES);
        JooqCallLedger ledger = new JooqCallLedger(dsl, "node-a", 1_000);
        JooqTaskStore store = new JooqTaskStore(dsl, TaskStoreSettings.defaults().withPersonaMaxActionsPerHour(100),
                ledger.budgetFor("gemini-3.5-flash-lite"));
        JooqForum forum = new JooqForum(dsl);
        var generator = GuardedContentGenerator.around(
                new GeminiContentGenerator(gemini, "gemini-3.5-flash-lite", "gemini-3.1-flash-image"), ledger,
                GuardSettings.defaults().withMaxCallsPerMinute(1_000));
        return new TaskRunner(store, PersonaNode.handlers(forum, generator),
                new RunnerSettings(50, 8, Duration.ofMinutes(1),
                        new io.personaengine.core.runner.Backoff(Duration.ofMinutes(1), Duration.ofHours(1)),
                        Duration.ofMinutes(1)),
                "node-a", workers, new SplittableRandom(1), RunnerListener.NONE);
    }

    private void queueComments(int count) {
        ForumAdmin forum = new ForumAdmin(setup);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long post = forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
            long persona = forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), false);
            tasks.add(NewTask.comment(persona, post, Duration.ZERO, 3));
        }
        new JooqTaskStore(setup).schedule(tasks);
    }
}
