package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.task.NewTask;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A configured call limit above what Gemini really takes: after a few 429s the cluster's rate
 * settles just under the real limit (multiplicative decrease on each 429, a step up each window
 * without one). Time is scaled down as in {@link GeminiLimiterTest}: both limits apply to a window of
 * {@link #WINDOW}.
 */
class AdaptiveRateTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final int CONFIGURED = 60;
    private static final int REAL = 40;
    private static final int WINDOWS = 11;
    private static final int SETTLED_WINDOWS = 5;

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder()
            .latency(Duration.ofMillis(100), Duration.ofMillis(300))
            .maxCallsPerMinute(REAL)
            .quotaWindow(WINDOW)
            .build()
            .start();
    private PersonaNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        simulator.close();
    }

    @Test
    void repeated429sBringTheRateJustUnderTheRealLimit() throws Exception {
        TestNodes.backlogOfComments(dsl, 8, 80);
        node = PersonaNode.start(TestNodes.config(db, simulator, "node-a",
                "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(CONFIGURED), "DB_POOL_SIZE", "10",
                "MAX_CONCURRENT_TASKS", "16", "SCHEDULER_INTERVAL_MS", "60000", "CLUSTER_CHECKIN_INTERVAL", "5s"),
                WINDOW);

        await().atMost(Duration.ofSeconds(30)).until(() -> !simulator.generateRequests().isEmpty());
        Instant first = simulator.generateRequests().get(0).receivedAt();
        Instant end = first.plus(WINDOW.multipliedBy(WINDOWS));
        await().atMost(WINDOW.multipliedBy(WINDOWS + 3)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(end));
        int pending = dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").eq("PENDING"));
        node.close();
        node = null;

        List<ReceivedRequest> requests = simulator.generateRequests().stream()
                .filter(r -> r.receivedAt().isBefore(end)).toList();
        Instant settled = end.minus(WINDOW.multipliedBy(SETTLED_WINDOWS));
        int acceptedSettled = 0;
        int refusedSettled = 0;
        int refusedBefore = 0;
        StringBuilder perWindow = new StringBuilder();
        List<Long> settledCounts = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            Instant from = first.plus(WINDOW.multipliedBy(w));
            Instant to = from.plus(WINDOW);
            long ok = requests.stream().filter(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to)
                    && r.status() == 200).count();
            long limited = requests.stream().filter(r -> !r.receivedAt().isBefore(from) && r.receivedAt().isBefore(to)
                    && r.status() == 429).count();
            perWindow.append(ok).append('/').append(limited).append(' ');
            if (!from.isBefore(settled)) {
                settledCounts.add(ok);
                acceptedSettled += ok;
                refusedSettled += limited;
            } else {
                refusedBefore += limited;
            }
        }
        double rate = (double) acceptedSettled / SETTLED_WINDOWS;
        // each 429 also pauses the model for Gemini's RetryInfo, most of a window here: the steady rate
        // is the median window's
        long steady = settledCounts.stream().sorted().toList().get(SETTLED_WINDOWS / 2);
        LoggerFactory.getLogger(AdaptiveRateTest.class).info("ADAPTIVE configured {} real {} per {} s: accepted/429 "
                + "per window {}; once settled: median {} a window ({}% of the real limit), mean {}, {} 429s; {} 429s "
                + "before; {} tasks still pending", CONFIGURED, REAL, WINDOW.toSeconds(), perWindow, steady,
                String.format("%.0f", 100.0 * steady / REAL), String.format("%.1f", rate), refusedSettled,
                refusedBefore, pending);

        assertThat(pending).as("the backlog never ran dry").isPositive();
        assertThat(refusedBefore).as("the configured limit was too high: Gemini said so").isPositive();
        assertThat(steady).as("calls Gemini accepted in the median window, once settled")
                .isBetween((long) (REAL * 0.85), (long) REAL);
        assertThat(refusedSettled).as("429s once settled: a probe every few windows, not a stream")
                .isLessThanOrEqualTo(SETTLED_WINDOWS);
    }
}
