package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.node.bench.Stats;
import io.personaengine.core.task.NewTask;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Invariant 3 for Gemini, and the use of the budget, measured where Gemini would see it. Nodes run
 * with every default (a 60 s tick, 8 workers, the default pool and check-in) except the limit,
 * against a backlog of due tasks far larger than the limit. Time is scaled down: the limit applies to a window
 * of {@link #WINDOW} instead of a minute, and Gemini answers in 100–300 ms instead of 1–3 s, so the
 * test sees several windows within seconds. The simulator's arrival times never hold more than the
 * limit in any window, and the cluster keeps at least 90 % of the limit busy.
 */
class GeminiLimiterTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final int LIMIT = 60;
    private static final Duration WINDOW = Duration.ofSeconds(8);
    private static final int WINDOWS_MEASURED = 3;
    /** Input tokens a window admits in the token test: well under what {@link #LIMIT} calls would send. */
    private static final int TOKENS = 4_000;

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder()
            .latency(Duration.ofMillis(100), Duration.ofMillis(300))
            .build()
            .start();
    private final List<PersonaNode> nodes = new ArrayList<>();

    @BeforeEach
    void emptyForumAndQueue() {
        TestNodes.emptyDatabase(dsl);
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void oneNodeAtDefaultsUsesAtLeastNinetyPercentOfTheLimitAndNeverMore() throws Exception {
        measure("solo");
    }

    @Test
    void twoNodesAtDefaultsShareTheLimitUseAtLeastNinetyPercentOfItAndNeverMore() throws Exception {
        measure("node-a", "node-b");
    }

    @Test
    void twoNodesConfiguredWithDifferentLimitsHoldTheClusterToTheLimitSeededFirst() throws Exception {
        measure(20, Map.of("node-a", 20, "node-b", 40), "node-a", "node-b");
        assertThat(dsl.fetchSingle("SELECT value::bigint, set_by FROM gemini_limits WHERE limit_key = 'GEMINI_MAX_CALLS_PER_MINUTE'")
                .intoArray()).containsExactly(20L, "seed:node-a");
    }

    @Test
    void aTokenHeavyWorkloadIsHeldByTheTokenLimitWhileCallsStillHaveRoom() throws Exception {
        TestNodes.backlogOfComments(dsl, 4, 60);
        nodes.add(PersonaNode.start(TestNodes.config(db, simulator, "node-a",
                "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(LIMIT), "GEMINI_MAX_TOKENS_PER_MINUTE", String.valueOf(TOKENS),
                "SCHEDULER_INTERVAL_MS", "60000", "CLUSTER_CHECKIN_INTERVAL", "5s", "DB_POOL_SIZE", "10"), WINDOW));

        await().atMost(Duration.ofSeconds(30)).until(() -> !simulator.generateRequests().isEmpty());
        Instant first = arrivals().get(0);
        Instant end = first.plus(WINDOW.multipliedBy(WINDOWS_MEASURED));
        await().atMost(WINDOW.multipliedBy(WINDOWS_MEASURED + 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(end.plusMillis(500)));
        nodes.forEach(PersonaNode::close);

        List<ReceivedRequest> requests = simulator.generateRequests();
        int maxTokens = 0;
        int maxCalls = Stats.maxInAnyWindow(arrivals(), WINDOW);
        for (ReceivedRequest start : requests) {
            Instant until = start.receivedAt().plus(WINDOW);
            int tokens = requests.stream().filter(r -> !r.receivedAt().isBefore(start.receivedAt())
                    && r.receivedAt().isBefore(until)).mapToInt(GeminiSimulator::promptTokens).sum();
            maxTokens = Math.max(maxTokens, tokens);
        }
        // the tokens Gemini took from the first call over the measured windows, against what they admit
        double use = requests.stream().filter(r -> r.receivedAt().isBefore(end))
                .mapToInt(GeminiSimulator::promptTokens).sum() / (double) (TOKENS * WINDOWS_MEASURED);
        LoggerFactory.getLogger(GeminiLimiterTest.class).info("TOKENS max input tokens in any {} s window = {} (limit {}), "
                + "{}% of the token limit used over {} windows from the first call; max calls in a window {} (limit {})",
                WINDOW.toSeconds(), maxTokens, TOKENS, String.format("%.1f", use * 100), WINDOWS_MEASURED, maxCalls, LIMIT);
        assertThat(maxTokens).as("input tokens in the busiest window").isLessThanOrEqualTo(TOKENS);
        assertThat(maxCalls).as("the token limit, not the call limit, held the rate").isLessThan(LIMIT / 2);
        assertThat(maxTokens).as("the busiest window comes near the token limit").isGreaterThanOrEqualTo(TOKENS * 3 / 4);
        assertThat(use).as("share of the token limit used over the measured windows").isGreaterThanOrEqualTo(0.6);
    }

    private void measure(String... nodeIds) throws Exception {
        Map<String, Integer> limits = new java.util.HashMap<>();
        for (String nodeId : nodeIds) {
            limits.put(nodeId, LIMIT);
        }
        measure(LIMIT, limits, nodeIds);
    }

    private void measure(int clusterLimit, Map<String, Integer> configured, String... nodeIds) throws Exception {
        int tasks = TestNodes.backlogOfComments(dsl, 4, 60);
        for (String nodeId : nodeIds) {
            nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId,
                    "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(configured.get(nodeId)),
                    "SCHEDULER_INTERVAL_MS", "60000", "CLUSTER_CHECKIN_INTERVAL", "5s", "DB_POOL_SIZE", "10",
                    "COMMENTS_PER_POST", "3"), WINDOW));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !simulator.generateRequests().isEmpty());
        Instant first = arrivals().get(0);
        Instant end = first.plus(WINDOW.multipliedBy(WINDOWS_MEASURED));
        await().atMost(WINDOW.multipliedBy(WINDOWS_MEASURED + 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(end.plusMillis(500)));
        int pending = dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").in("PENDING", "RUNNING").and(DSL.field("task_type").eq("COMMENT")));
        nodes.forEach(PersonaNode::close);

        List<Instant> arrivals = arrivals();
        int maxInWindow = Stats.maxInAnyWindow(arrivals, WINDOW);
        double utilisation = Stats.meanInWindows(arrivals, first, end, WINDOW) / clusterLimit;
        Map<?, ?> byNode = dsl.fetch("SELECT node_id, count(*) FROM gemini_calls GROUP BY node_id")
                .intoMap(0, 1);
        LoggerFactory.getLogger(GeminiLimiterTest.class).info("LIMITER {} node(s): max calls in any {} s window = {} "
                        + "(limit {}), utilisation = {}% over {} windows of backlog; {} calls by node {}; {} of {} "
                        + "comment tasks still queued", nodeIds.length, WINDOW.toSeconds(), maxInWindow, clusterLimit,
                String.format("%.1f", utilisation * 100), WINDOWS_MEASURED, arrivals.size(), byNode, pending, tasks);
        LoggerFactory.getLogger(GeminiLimiterTest.class).info("LIMITER cluster limit {}, nodes configured with {}",
                clusterLimit, configured);

        assertThat(pending).as("the backlog never ran dry while measuring").isPositive();
        assertThat(maxInWindow).as("calls in the busiest window").isLessThanOrEqualTo(clusterLimit);
        assertThat(utilisation).as("mean share of the limit used by windows inside the backlog")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(simulator.generateRequests()).extracting(ReceivedRequest::status).containsOnly(200);
        assertThat(byNode).as("every node called, sharing one limit").hasSize(nodeIds.length);
    }

    private List<Instant> arrivals() {
        return simulator.generateRequests().stream().map(ReceivedRequest::receivedAt).sorted().toList();
    }
}
