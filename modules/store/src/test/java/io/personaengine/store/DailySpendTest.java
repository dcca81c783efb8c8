package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prices, each attempt's cost, the spend of the day, and claims that stop at a spent budget. */
class DailySpendTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration LEASE = Duration.ofMinutes(5);
    /** $1 per million input tokens, $4 per million output tokens, 4 cents an image. */
    private static final Spending PRICES = new Spending(null, null, new BigDecimal("1"), new BigDecimal("4"),
            new BigDecimal("0.04"));
    /** 1,000 input tokens ($0.001) and 500 output ($0.002): $0.003 a call. */
    private static final Usage CALL = new Usage(1, 1_000, 500, "gemini-test");

    private ForumFixture forum;
    private final AtomicReference<Spending> spending = new AtomicReference<>(PRICES);
    private JooqTaskStore store;
    private DailySpend spend;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, images, gemini_spend "
                + "RESTART IDENTITY CASCADE");
        spend = new DailySpend(forum.dsl, spending::get);
        store = new JooqTaskStore(forum.dsl, TaskStoreSettings.defaults(), ClaimBudget.UNLIMITED, spend);
    }

    @Test
    void costsCountInputOutputAndImagesAtTheirPricesAndNothingWithoutPrices() {
        assertThat(PRICES.cost(CALL)).isEqualByComparingTo("0.003");
        assertThat(PRICES.cost(new Usage(2, 300, 20, 1, "gemini-image"))).isEqualByComparingTo("0.04038");
        assertThat(new Spending(null, null, new BigDecimal("0.3"), null, null).cost(CALL)).isEqualByComparingTo("0.0003");
        assertThat(Spending.NONE.cost(CALL)).isNull();
        assertThatThrownBy(() -> new Spending(BigDecimal.ZERO, null, null, null, null))
                .hasMessageContaining("budgets are above 0");
        assertThatThrownBy(() -> new Spending(null, null, new BigDecimal("-1"), null, null))
                .hasMessageContaining("prices are 0 or more");
    }

    @Test
    void everyAttemptRecordsItsCostAndItsPersonasSpendOfTheDay() {
        long persona = forum.persona("chef", "cooking");
        store.schedule(List.of(NewTask.comment(persona, forum.post("one"), Duration.ZERO, 3),
                NewTask.comment(persona, forum.post("two"), Duration.ZERO, 3)));
        List<ClaimedTask> claimed = store.claimDue("node-a", 10, LEASE).tasks();
        assertThat(claimed).hasSize(2);

        assertThat(store.complete(claimed.get(0), new Effect.PublishComment(claimed.get(0).requirePostId(), null,
                "Carbon steel."), CALL)).isPresent();
        assertThat(store.retry(claimed.get(1), Duration.ZERO, "503", CALL.plus(CALL))).isTrue();

        assertThat(forum.dsl.fetch("SELECT cost_usd FROM persona_task_attempts ORDER BY task_id")
                .getValues(0, BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.003"), new BigDecimal("0.006"));
        DailySpend.Report today = spend.today();
        assertThat(today.spent()).isEqualByComparingTo("0.009");
        assertThat(today.top()).singleElement().satisfies(p -> {
            assertThat(p.personaId()).isEqualTo(persona);
            assertThat(p.attempts()).isEqualTo(2);
        });
        assertThat(today.dayEndsIn()).isPositive().isLessThanOrEqualTo(Duration.ofHours(25));
    }

    @Test
    void aPersonaThatSpentItsBudgetWaitsForTheNextDayWhileOthersRun() {
        spending.set(new Spending(null, new BigDecimal("0.005"), new BigDecimal("1"), new BigDecimal("4"), null));
        long spender = forum.persona("spender", "cooking");
        long thrifty = forum.persona("thrifty", "cooking");
        store.schedule(List.of(NewTask.comment(spender, forum.post("a"), Duration.ZERO, 3),
                NewTask.comment(spender, forum.post("b"), Duration.ZERO, 3)));
        ClaimedTask first = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        // two calls: $0.006, over the persona's $0.005
        store.complete(first, new Effect.PublishComment(first.requirePostId(), null, "Salt early."), CALL.plus(CALL));
        store.schedule(List.of(NewTask.comment(thrifty, forum.post("c"), Duration.ZERO, 3)));

        List<ClaimedTask> next = store.claimDue("node-a", 10, LEASE).tasks();

        assertThat(next).extracting(ClaimedTask::personaId).containsExactly(thrifty);
        assertThat(spend.today().spentPersonas()).extracting(DailySpend.PersonaSpend::personaId)
                .containsExactly(spender);
        assertThat(forum.dsl.fetchValue("SELECT status FROM persona_tasks WHERE persona_id = " + spender
                + " AND status <> 'DONE'")).isEqualTo("PENDING");
        // the next day in Los Angeles: yesterday's spend no longer counts
        forum.dsl.execute("UPDATE gemini_spend SET day = day - 1");
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).extracting(ClaimedTask::personaId)
                .containsExactly(spender);
    }

    @Test
    void claimsCountRunningTasksAtTheDaysCostPerAttemptSoABacklogOvershootsByOneTaskAtMost() {
        spending.set(new Spending(null, new BigDecimal("0.01"), new BigDecimal("1"), new BigDecimal("4"), null));
        long chef = forum.persona("chef", "cooking");
        List<NewTask> backlog = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            backlog.add(NewTask.comment(chef, forum.post("post " + i), Duration.ZERO, 3));
        }
        store.schedule(backlog);

        List<ClaimedTask> first = store.claimDue("node-a", 10, LEASE).tasks();
        assertThat(first).as("no cost known yet today: one at a time").hasSize(1);
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).as("while it runs").isEmpty();
        complete(first.get(0));

        // $0.003 spent, $0.003 an attempt: room for two more before the $0.01 is reached, and a third that reaches it
        List<ClaimedTask> next = store.claimDue("node-a", 10, LEASE).tasks();
        assertThat(next).hasSize(3);
        next.forEach(this::complete);

        assertThat(spend.today().spent()).isEqualByComparingTo("0.012");
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).isEmpty();
        assertThat(forum.dsl.fetchCount(forum.dsl.selectFrom("persona_tasks").where("status = 'PENDING'")))
                .isEqualTo(6);
    }

    @Test
    void aBudgetWithoutPricesNeverHoldsClaimsBack() {
        spending.set(new Spending(new BigDecimal("1"), new BigDecimal("0.01"), null, null, null));
        long chef = forum.persona("chef", "cooking");
        List<NewTask> backlog = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            backlog.add(NewTask.comment(chef, forum.post("post " + i), Duration.ZERO, 3));
        }
        store.schedule(backlog);

        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).as("not one at a time: no cost will ever be known")
                .hasSize(5);
    }

    private void complete(ClaimedTask task) {
        assertThat(store.complete(task, new Effect.PublishComment(task.requirePostId(), null, "Taste as you go."),
                CALL)).isPresent();
    }

    @Test
    void aSpentClusterBudgetStopsEveryClaimAndTheNextDueTimeUntilTheNextDay() {
        long chef = forum.persona("chef", "cooking");
        long baker = forum.persona("baker", "baking");
        store.schedule(List.of(NewTask.comment(chef, forum.post("a"), Duration.ZERO, 3)));
        ClaimedTask first = store.claimDue("node-a", 1, LEASE).tasks().get(0);
        store.complete(first, new Effect.PublishComment(first.requirePostId(), null, "Butter."), CALL);
        store.schedule(List.of(NewTask.comment(baker, forum.post("b"), Duration.ZERO, 3)));
        spending.set(new Spending(new BigDecimal("0.003"), null, new BigDecimal("1"), new BigDecimal("4"), null));

        var batch = store.claimDue("node-a", 10, LEASE);

        assertThat(batch.tasks()).isEmpty();
        assertThat(batch.nextDue()).as("nothing is due while the budget is spent").isEmpty();
        assertThat(spend.today().clusterSpent()).isTrue();
        // an operator raises the budget: claims resume at once
        spending.set(new Spending(new BigDecimal("0.01"), null, new BigDecimal("1"), new BigDecimal("4"), null));
        assertThat(store.claimDue("node-a", 10, LEASE).tasks()).extracting(ClaimedTask::personaId)
                .containsExactly(baker);
    }

    @Test
    void limitsHoldPricesAndBudgetsAsDecimals() {
        forum.dsl.execute("TRUNCATE gemini_limits");
        GeminiLimits limits = new GeminiLimits(forum.dsl);
        limits.seed(new GeminiLimits.Values(60, null, null, null, new Spending(new BigDecimal("25.50"), null,
                new BigDecimal("0.10"), new BigDecimal("0.40"), BigDecimal.ZERO)), "seed:node-a");
        limits.set(GeminiLimits.Key.PERSONA_BUDGET_USD_PER_DAY,
                GeminiLimits.Key.PERSONA_BUDGET_USD_PER_DAY.parseValue("0.75"), "cli:test");

        Spending read = limits.read().orElseThrow().spending();

        assertThat(read).isEqualTo(new Spending(new BigDecimal("25.5"), new BigDecimal("0.75"), new BigDecimal("0.1"),
                new BigDecimal("0.4"), BigDecimal.ZERO));
        assertThatThrownBy(() -> GeminiLimits.Key.BUDGET_USD_PER_DAY.parseValue("0"))
                .hasMessageContaining("above 0");
        assertThatThrownBy(() -> GeminiLimits.Key.GEMINI_PRICE_PER_IMAGE.parseValue("0.0000001"))
                .hasMessageContaining("at most 6 decimals");
        assertThatThrownBy(() -> GeminiLimits.Key.GEMINI_MAX_CALLS_PER_DAY.parseValue("1.5"))
                .hasMessageContaining("whole number");
        assertThat(GeminiLimits.Key.GEMINI_PRICE_INPUT_PER_M.parseValue("none")).isNull();
    }
}
