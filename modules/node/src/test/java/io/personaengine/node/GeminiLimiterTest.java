package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Invariant 3 for Gemini, measured where Gemini would see it: two nodes work through a backlog far
 * larger than the limit, and the simulator's arrival times never hold more than the limit in any
 * 60-second window, while the cluster keeps at least 90 % of the limit busy. The window is the real
 * one, so this test runs for a little over two minutes: three fillings of the window.
 */
class GeminiLimiterTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final int LIMIT = 20;
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    // Gemini's own per-minute quota at the same limit: any leak would come back as a 429
    private final GeminiSimulator simulator = GeminiSimulator.builder()
            .latency(Duration.ofMillis(20), Duration.ofMillis(80))
            .maxCallsPerMinute(LIMIT)
            .build()
            .start();
    private final List<PersonaNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void twoNodesUnderABacklogNeverExceedTheLimitInAnyWindowAndUseAtLeastNinetyPercentOfIt() throws Exception {
        start("node-a");
        start("node-b");
        int tasks = backlogOfComments(30, 40, 3);

        await().atMost(Duration.ofSeconds(60)).until(() -> !simulator.generateRequests().isEmpty());
        Instant first = arrivals().get(0);
        // the third filling of the window has begun: two full refills observed
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> simulator.generateRequests().size() > 2 * LIMIT);
        Instant end = Instant.now();
        int pending = dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").in("PENDING", "RUNNING").and(DSL.field("task_type").eq("COMMENT")));
        nodes.forEach(PersonaNode::close);
        Map<?, ?> deferred = dsl.fetch("""
                SELECT CASE WHEN error_message LIKE '%the cluster made its%' THEN 'window full'
                            WHEN error_message LIKE '%this node made its%' THEN 'node limiter'
                            WHEN error_message LIKE '%first in line%' THEN 'queued on the node'
                            ELSE error_message END, count(*)
                FROM persona_task_attempts WHERE outcome = 'DEFERRED' GROUP BY 1""").intoMap(0, 1);

        List<Instant> arrivals = arrivals();
        int maxInWindow = maxInAnyWindow(arrivals);
        double utilisation = meanInWindows(arrivals, first, end) / LIMIT;
        Map<String, Integer> byNode = dsl.fetch("SELECT node_id, count(*) FROM gemini_calls GROUP BY node_id")
                .intoMap(0, 1).entrySet().stream().collect(HashMap::new,
                        (map, e) -> map.put((String) e.getKey(), ((Number) e.getValue()).intValue()), HashMap::putAll);
        LoggerFactory.getLogger(GeminiLimiterTest.class).info("LIMITER: max calls in any 60 s window = {} (limit {}), "
                        + "utilisation = {}% over {} s of backlog; {} calls by node {}; {} of {} comment tasks still "
                        + "queued; attempts deferred for want of a permit: {}",
                maxInWindow, LIMIT, String.format("%.1f", utilisation * 100), Duration.between(first, end).toSeconds(),
                arrivals.size(), byNode, pending, tasks, deferred);

        assertThat(pending).as("the backlog never ran dry while measuring").isPositive();
        assertThat(maxInWindow).as("calls in the busiest 60 s window").isLessThanOrEqualTo(LIMIT);
        assertThat(utilisation).as("mean share of the limit used by windows inside the backlog").isGreaterThanOrEqualTo(0.9);
        assertThat(simulator.generateRequests()).extracting(ReceivedRequest::status).containsOnly(200);
        assertThat(byNode).as("both nodes called, sharing one limit").containsOnlyKeys("node-a", "node-b");
    }

    /** {@code posts} posts with {@code perPost} comments each wanted, from {@code personas} matching personas. */
    private int backlogOfComments(int posts, int personas, int perPost) {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        for (int i = 0; i < personas; i++) {
            forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), false);
        }
        for (int i = 0; i < posts; i++) {
            forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
        }
        return posts * perPost;
    }

    private List<Instant> arrivals() {
        return simulator.generateRequests().stream().map(ReceivedRequest::receivedAt).sorted().toList();
    }

    /** The most arrivals in any window [t, t + 60 s); the busiest window starts at an arrival. */
    static int maxInAnyWindow(List<Instant> sorted) {
        int max = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j).isBefore(sorted.get(i).plus(WINDOW))) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    /**
     * The mean number of arrivals in a window [s, s + 60 s), over every start s (in 100 ms steps) whose
     * window lies inside [from, to]: the cluster's throughput in calls per minute.
     */
    static double meanInWindows(List<Instant> sorted, Instant from, Instant to) {
        long total = 0;
        int windows = 0;
        for (Instant start = from; !start.plus(WINDOW).isAfter(to); start = start.plusMillis(100)) {
            Instant windowStart = start;
            Instant windowEnd = start.plus(WINDOW);
            total += sorted.stream().filter(t -> !t.isBefore(windowStart) && t.isBefore(windowEnd)).count();
            windows++;
        }
        return windows == 0 ? 0 : (double) total / windows;
    }

    private void start(String nodeId) throws Exception {
        nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId,
                "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(LIMIT), "SCHEDULER_INTERVAL_MS", "250",
                "COMMENTS_PER_POST", "3")));
    }
}
