package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.GEMINI_CALLS;
import static io.personaengine.store.jooq.Tables.GEMINI_COOLDOWNS;
import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermit.Verdict;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqCallLedgerTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final String TEXT = "gemini-3.5-flash-lite";
    private static final String IMAGE = "gemini-3.1-flash-image";
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

    @BeforeEach
    void setUp() {
        dsl.execute("TRUNCATE gemini_calls, gemini_cooldowns, gemini_budget, gemini_limits RESTART IDENTITY");
    }

    private JooqCallLedger ledger(int limit) {
        return new JooqCallLedger(dsl, "node-a", limit);
    }

    /** A call another node made {@code ago} before now, on the database clock. */
    private void callMade(Duration ago) {
        CallPermit permit = new JooqCallLedger(dsl, "node-b", 1_000_000, JooqCallLedger.MINUTE, ago.negated())
                .tryAcquire(TEXT);
        assertThat(permit.isGranted()).isTrue();
    }

    @Test
    void grantsUpToTheLimitThenSaysWhenTheOldestCountedCallLeavesTheWindow() {
        JooqCallLedger ledger = ledger(3);
        callMade(Duration.ofSeconds(50));
        callMade(Duration.ofSeconds(40));

        CallPermit third = ledger.tryAcquire(TEXT);
        CallPermit fourth = ledger.tryAcquire(TEXT);

        assertThat(third.isGranted()).isTrue();
        assertThat(fourth.verdict()).isEqualTo(Verdict.WINDOW_FULL);
        // the call made 50 s ago leaves the counted window (60 s, the 1 s send margin, part of a bucket) in 11 s and a bit
        assertThat(fourth.retryAfter()).isBetween(Duration.ofSeconds(11), Duration.ofSeconds(12));
        assertThat(fourth.reason()).contains("GEMINI_MAX_CALLS_PER_MINUTE");
        assertThat(dsl.fetchCount(GEMINI_CALLS)).isEqualTo(3);
        assertThat(dsl.fetchCount(GEMINI_CALLS, GEMINI_CALLS.NODE_ID.eq("node-a"))).isEqualTo(1);
    }

    @Test
    void callsOutsideTheCountedWindowNoLongerCount() {
        JooqCallLedger ledger = ledger(2);
        callMade(Duration.ofSeconds(62));
        callMade(Duration.ofSeconds(61).plusMillis(600));

        assertThat(ledger.available(TEXT)).isEqualTo(2);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isFalse();
        assertThat(ledger.available(TEXT)).isZero();
    }

    @Test
    void aCallStaysCountedForTheSendMarginAfterItsMinute() {
        JooqCallLedger ledger = ledger(1);
        callMade(Duration.ofSeconds(60).plusMillis(200));

        CallPermit refused = ledger.tryAcquire(TEXT);

        assertThat(refused.verdict()).isEqualTo(Verdict.WINDOW_FULL);
        assertThat(refused.retryAfter()).isLessThanOrEqualTo(Duration.ofMillis(1_300));
    }

    @Test
    void eightNodesHammeringTheLedgerAtOnceGetExactlyTheLimit() throws Exception {
        int limit = 50;
        List<Callable<Integer>> hammers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int thread = 0; thread < 8; thread++) {
            JooqCallLedger ledger = new JooqCallLedger(dsl, "node-" + thread, limit);
            hammers.add(() -> {
                start.await();
                int granted = 0;
                for (int attempt = 0; attempt < 25; attempt++) {
                    granted += ledger.tryAcquire(TEXT).isGranted() ? 1 : 0;
                }
                return granted;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            hammers.forEach(hammer -> results.add(threads.submit(hammer)));
            start.countDown();
            int granted = 0;
            for (Future<Integer> result : results) {
                granted += result.get();
            }

            assertThat(granted).as("permits granted out of 200 attempts").isEqualTo(limit);
            assertThat(dsl.fetchCount(GEMINI_CALLS)).isEqualTo(limit);
            assertThat(dsl.fetchSingle("SELECT count(DISTINCT node_id) FROM gemini_calls").get(0, Integer.class))
                    .as("nodes that got permits").isGreaterThan(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCoolDownRefusesEveryCallToThatModelOnEveryNodeUntilItEnds() {
        JooqCallLedger nodeA = ledger(100);
        JooqCallLedger nodeB = new JooqCallLedger(dsl, "node-b", 100);

        Duration paused = nodeA.coolDown(TEXT, Duration.ofSeconds(30), "429 RESOURCE_EXHAUSTED");
        CallPermit refused = nodeB.tryAcquire(TEXT);

        assertThat(paused).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        assertThat(refused.verdict()).isEqualTo(Verdict.COOLING_DOWN);
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        assertThat(refused.reason()).contains(TEXT, "paused cluster-wide", "429 RESOURCE_EXHAUSTED");
        assertThat(nodeB.tryAcquire(IMAGE).isGranted()).as("another model has its own quota").isTrue();
        assertThat(dsl.fetchCount(GEMINI_CALLS, GEMINI_CALLS.MODEL.eq(TEXT))).isZero();
    }

    @Test
    void aCoolDownOnlyEverGrows() {
        JooqCallLedger ledger = ledger(100);
        ledger.coolDown(TEXT, Duration.ofHours(1), "daily quota spent");

        Duration paused = ledger.coolDown(TEXT, Duration.ofSeconds(2), "429, retry in 2 s");

        assertThat(paused).isGreaterThan(Duration.ofMinutes(59));
        assertThat(dsl.fetchSingle(GEMINI_COOLDOWNS).getReason()).isEqualTo("daily quota spent");
    }

    @Test
    void anExpiredCoolDownIsReplacedByTheNextOne() {
        JooqCallLedger ledger = ledger(100);
        dsl.execute("INSERT INTO gemini_cooldowns (model, cooldown_until, started_at, node_id, reason) "
                + "VALUES (?, now() - interval '1 hour', now() - interval '2 hours', 'node-b', 'old')", TEXT);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).as("an expired pause holds nothing back").isTrue();

        Duration paused = ledger.coolDown(TEXT, Duration.ofSeconds(2), "429, retry in 2 s");

        assertThat(paused).isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(2));
        var row = dsl.fetchSingle(GEMINI_COOLDOWNS);
        assertThat(row.getReason()).isEqualTo("429, retry in 2 s");
        assertThat(row.getNodeId()).isEqualTo("node-a");
        assertThat(Duration.between(row.getStartedAt(), row.getCooldownUntil())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aDailyQuotaPausesTheModelUntilTheNextMidnightInLosAngeles() {
        JooqCallLedger ledger = ledger(100);
        OffsetDateTime databaseNow = dsl.fetchSingle("SELECT now()").get(0, OffsetDateTime.class);

        Duration paused = ledger.coolDownUntilMidnight(TEXT, PACIFIC, "daily quota spent");

        ZonedDateTime nextMidnight = databaseNow.atZoneSameInstant(PACIFIC).toLocalDate().plusDays(1)
                .atStartOfDay(PACIFIC);
        var row = dsl.fetchSingle(GEMINI_COOLDOWNS);
        assertThat(row.getCooldownUntil().toInstant()).isEqualTo(nextMidnight.toInstant());
        assertThat(paused).isBetween(Duration.between(databaseNow, nextMidnight).minusMinutes(1),
                Duration.between(databaseNow, nextMidnight));
        assertThat(ledger.tryAcquire(TEXT).verdict()).isEqualTo(Verdict.COOLING_DOWN);
    }

    @Test
    void theNextMidnightFollowsTheZonesWallClockAcrossDaylightSavingChanges() {
        assertThat(nextMidnightAfter("2026-03-07T22:00:00-08:00")).isEqualTo("2026-03-08T00:00-08:00");
        assertThat(nextMidnightAfter("2026-03-08T22:00:00-07:00")).as("a 23-hour day").isEqualTo("2026-03-09T00:00-07:00");
        assertThat(nextMidnightAfter("2026-11-01T00:30:00-07:00")).as("a 25-hour day").isEqualTo("2026-11-02T00:00-08:00");
        assertThat(nextMidnightAfter("2026-06-15T07:59:59Z")).isEqualTo("2026-06-16T00:00-07:00");
        assertThat(nextMidnightAfter("2026-06-15T06:59:59Z")).as("still the 14th in LA").isEqualTo("2026-06-15T00:00-07:00");
    }

    private String nextMidnightAfter(String instant) {
        OffsetDateTime midnight = dsl.select(JooqCallLedger.nextMidnight(DSL.val(OffsetDateTime.parse(instant)), PACIFIC))
                .fetchSingle()
                .value1();
        return midnight.atZoneSameInstant(PACIFIC).toOffsetDateTime().toString();
    }

    @Test
    void pruningDropsLoggedCallsOlderThanTheRetentionAndKeepsTheBudget() {
        JooqCallLedger ledger = ledger(10);
        for (int i = 0; i < 3; i++) {
            dsl.execute("INSERT INTO gemini_calls (node_id, model, called_at) VALUES ('node-b', ?, now() - interval '20 minutes')",
                    TEXT);
        }
        ledger.tryAcquire(TEXT);
        ledger.tryAcquire(TEXT);

        int pruned = ledger.prune();

        assertThat(pruned).isEqualTo(3);
        assertThat(dsl.fetch(GEMINI_CALLS)).hasSize(2).allSatisfy(row -> assertThat(row.getNodeId()).isEqualTo("node-a"));
        assertThat(ledger.available(TEXT)).isEqualTo(8);
    }

    @Test
    void aShortWindowFreesItsSlotsAsSoonAsItHasPassed() {
        JooqCallLedger ledger = new JooqCallLedger(dsl, "node-a", 2, Duration.ofSeconds(3));
        JooqCallLedger earlier = new JooqCallLedger(dsl, "node-b", 1_000, Duration.ofSeconds(3), Duration.ofMillis(-3_400));
        earlier.tryAcquire(TEXT);
        earlier.tryAcquire(TEXT);

        assertThat(ledger.tryAcquire(TEXT).isGranted()).as("3.4 s ago is outside a 3 s window and its 300 ms margin")
                .isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        CallPermit third = ledger.tryAcquire(TEXT);
        assertThat(third.verdict()).isEqualTo(Verdict.WINDOW_FULL);
        assertThat(third.retryAfter()).isBetween(Duration.ofMillis(3_200), Duration.ofMillis(3_400));
    }

    private JooqCallLedger ledger(GeminiLimits.Values limits) {
        return new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, JooqCallLedger.MINUTE);
    }

    @Test
    void eachModelHasABudgetOfItsOwn() {
        JooqCallLedger ledger = ledger(GeminiLimits.Values.calls(2));

        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).verdict()).isEqualTo(Verdict.WINDOW_FULL);
        assertThat(ledger.tryAcquire(IMAGE).isGranted()).as("the image model counts apart").isTrue();
        assertThat(ledger.usage(TEXT)).isEqualTo(new JooqCallLedger.ModelUsage(2, 0, 2));
        assertThat(ledger.usage(IMAGE).calls()).isEqualTo(1);
    }

    @Test
    void inputTokensAreHeldToTheTokenLimitWhileCallsStillHaveRoom() {
        JooqCallLedger ledger = ledger(new GeminiLimits.Values(100, 1_000L, null, null));
        CallPermit first = ledger.tryAcquire(TEXT, 400);
        assertThat(first.isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT, 400).isGranted()).isTrue();

        CallPermit third = ledger.tryAcquire(TEXT, 400);

        assertThat(third.verdict()).isEqualTo(Verdict.WINDOW_FULL);
        assertThat(third.reason()).contains("GEMINI_MAX_TOKENS_PER_MINUTE");
        assertThat(third.retryAfter()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(62));
        assertThat(ledger.tryAcquire(TEXT, 150).isGranted()).as("a smaller prompt still fits").isTrue();
        assertThat(ledger.usage(TEXT)).isEqualTo(new JooqCallLedger.ModelUsage(3, 950, 3));

        ledger.settle(TEXT, first, 100); // the first prompt took 100 tokens, not the 400 estimated
        assertThat(ledger.usage(TEXT).inputTokens()).as("until the next flush").isEqualTo(950);

        assertThat(ledger.flushSettlements()).isEqualTo(1);

        assertThat(ledger.usage(TEXT).inputTokens()).isEqualTo(650);
        assertThat(ledger.tryAcquire(TEXT, 300).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT, 100).isGranted()).as("950 + 100 > 1000").isFalse();
    }

    @Test
    void aPromptLargerThanTheTokenLimitIsRefusedWithTheReason() {
        JooqCallLedger ledger = ledger(new GeminiLimits.Values(100, 500L, null, null));

        CallPermit huge = ledger.tryAcquire(TEXT, 600);

        assertThat(huge.isGranted()).isFalse();
        assertThat(huge.reason()).contains("can never fit GEMINI_MAX_TOKENS_PER_MINUTE=500");
    }

    @Test
    void theDailyLimitCountsCallsOfTheDayInLosAngelesAndResetsAtItsMidnight() {
        GeminiLimits.Values limits = new GeminiLimits.Values(100, null, 2L, null);
        JooqCallLedger ledger = ledger(limits);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.available(TEXT)).as("claims take nothing more today").isZero();

        CallPermit third = ledger.tryAcquire(TEXT);

        assertThat(third.verdict()).isEqualTo(Verdict.WINDOW_FULL);
        assertThat(third.reason()).contains("GEMINI_MAX_CALLS_PER_DAY");
        ZonedDateTime now = dsl.fetchSingle("SELECT statement_timestamp()").get(0, OffsetDateTime.class)
                .atZoneSameInstant(PACIFIC);
        Duration toMidnight = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(PACIFIC));
        assertThat(third.retryAfter()).isBetween(toMidnight.minusSeconds(5), toMidnight.plusSeconds(5));
        JooqCallLedger tomorrow = new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, JooqCallLedger.MINUTE,
                toMidnight.plusMinutes(2));
        assertThat(tomorrow.tryAcquire(TEXT).isGranted()).as("a new day in Los Angeles").isTrue();
    }

    @Test
    void theImageLimitAppliesToTheImageModelOnly() {
        JooqCallLedger ledger = ledger(new GeminiLimits.Values(10, null, null, 1L));

        assertThat(ledger.tryAcquire(IMAGE).isGranted()).isTrue();
        CallPermit second = ledger.tryAcquire(IMAGE);
        assertThat(second.isGranted()).isFalse();
        assertThat(second.reason()).contains("GEMINI_IMAGE_MAX_CALLS_PER_MINUTE");
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        }
    }

    @Test
    void aChangedLimitHoldsFromTheNextCallAndTheNextClaim() {
        java.util.concurrent.atomic.AtomicReference<GeminiLimits.Values> limits =
                new java.util.concurrent.atomic.AtomicReference<>(GeminiLimits.Values.calls(1));
        JooqCallLedger ledger = new JooqCallLedger(dsl, "node-a", limits::get, IMAGE, JooqCallLedger.MINUTE);
        ClaimBudget budget = ledger.budgetFor(TEXT);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isFalse();
        String before = budget.callsAvailableSql();

        limits.set(GeminiLimits.Values.calls(3));

        assertThat(budget.callsAvailableSql()).isNotEqualTo(before);
        assertThat(ledger.available(TEXT)).isEqualTo(2);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
    }

    @Test
    void claimRoomAllowsOnlyTheCallsTheTokensLeftWouldPayFor() {
        JooqCallLedger ledger = ledger(new GeminiLimits.Values(100, 1_000L, null, null));
        for (int i = 0; i < 4; i++) {
            assertThat(ledger.tryAcquire(TEXT, 200).isGranted()).isTrue();
        }

        assertThat(ledger.available(TEXT)).as("200 tokens left at 200 a call").isEqualTo(1);
    }

    @Test
    void theFirstSeedWinsAndAnOperatorChangesTheLimits() {
        GeminiLimits table = new GeminiLimits(dsl);
        assertThat(table.read()).isEmpty();

        GeminiLimits.Values first = table.seed(GeminiLimits.Values.calls(20), "seed:node-a");
        GeminiLimits.Values second = table.seed(new GeminiLimits.Values(40, 9_000L, null, null), "seed:node-b");

        assertThat(first).isEqualTo(GeminiLimits.Values.calls(20));
        assertThat(second).as("keys already seeded stay").isEqualTo(GeminiLimits.Values.calls(20));
        table.set(GeminiLimits.Key.GEMINI_MAX_TOKENS_PER_MINUTE, java.math.BigDecimal.valueOf(250_000), "cli:ops@host");
        assertThat(table.read().orElseThrow().tokensPerMinute()).isEqualTo(250_000L);
        assertThat(table.rows()).hasSize(GeminiLimits.Key.values().length).allSatisfy(row -> assertThat(row.setBy())
                .isEqualTo(row.key() == GeminiLimits.Key.GEMINI_MAX_TOKENS_PER_MINUTE ? "cli:ops@host" : "seed:node-a"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> table.set(GeminiLimits.Key.GEMINI_MAX_CALLS_PER_MINUTE, null, "cli"))
                .hasMessageContaining("cannot be unset");
    }

    @Test
    void a429LowersTheRateOnceAndEachWindowAfterRaisesItAStepBackToTheLimit() {
        GeminiLimits.Values limits = GeminiLimits.Values.calls(20);
        Duration window = Duration.ofSeconds(3);
        JooqCallLedger ledger = new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, window);
        assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();

        ledger.rateLimited(TEXT);
        ledger.rateLimited(TEXT); // the same overload answering another call in flight

        assertThat(ledger.usage(TEXT).loweredCalls()).as("a tenth off the limit, once").isEqualTo(18L);
        for (int i = 1; i < 18; i++) {
            assertThat(ledger.tryAcquire(TEXT).isGranted()).isTrue();
        }
        CallPermit refused = ledger.tryAcquire(TEXT);
        assertThat(refused.isGranted()).isFalse();
        assertThat(refused.reason()).contains("18 calls of the window", "lowered from 20");
        assertThat(ledger.available(TEXT)).isZero();

        JooqCallLedger later = new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, window, window.plusMillis(400));
        assertThat(later.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(later.usage(TEXT).loweredCalls()).as("a step up a window later").isEqualTo(19L);
        JooqCallLedger muchLater = new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, window,
                window.multipliedBy(2).plusMillis(900));
        assertThat(muchLater.tryAcquire(TEXT).isGranted()).isTrue();
        assertThat(muchLater.usage(TEXT).loweredCalls()).as("back at the limit").isNull();
        JooqCallLedger again = new JooqCallLedger(dsl, "node-a", () -> limits, IMAGE, window,
                window.multipliedBy(3).plusMillis(900));
        again.rateLimited(TEXT);
        assertThat(again.usage(TEXT).loweredCalls()).as("the next 429 a half window later counts").isEqualTo(18L);
    }
}
