package io.personaengine.node.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.personaengine.gemini.simulator.Failure;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite: three node processes from the built jar, the Gemini simulator, the local
 * PostgreSQL server, a steady stream of due tasks, and one real fault per scenario. Every scenario
 * checks that no task is lost, no effect happens twice and no limit is breached, and reports the
 * longest a faulted node's task waited before it ran elsewhere and the throughput before and
 * during the fault ({@code target/fault-report.md}). Runs after the jar is packaged, in
 * {@code ./mvnw verify}.
 */
class FaultSuiteIT {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteIT.class);
    private static final int TASKS = 240;
    private static final Duration LOAD = Duration.ofSeconds(60);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(20);
    /** Throughput during an instant fault is measured over this long after it. */
    private static final Duration MEASURED = Duration.ofSeconds(20);
    /** A dead node's tasks move after NODE_TIMEOUT and a heartbeat; the rest is slack for 2 cores. */
    private static final Duration HANDOVER_BOUND = FaultCluster.NODE_TIMEOUT.plus(FaultCluster.HEARTBEAT)
            .plusSeconds(4);

    @org.junit.jupiter.api.BeforeAll
    static void localServerAnswers() {
        assumeTrue(FaultCluster.serverAnswers(), "PostgreSQL answers at " + FaultCluster.SERVER
                + " (the fault suite needs a server it can reach from node processes; see the README)");
    }

    @Test
    void killNineOfANodeMidBatch() throws Exception {
        try (FaultCluster cluster = loaded("kill9")) {
            untilFault(cluster);
            NodeProcess victim = cluster.busy(2);
            Instant faultAt = cluster.databaseNow();
            victim.kill();
            FaultReport report = finish(cluster, "kill -9 of a node mid-batch", "node-2", faultAt, MEASURED);

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.handover()).isNotNull().isLessThan(HANDOVER_BOUND);
        }
    }

    @Test
    void sigtermStopsANodeInOrder() throws Exception {
        try (FaultCluster cluster = loaded("sigterm")) {
            Instant faultAt = untilFault(cluster);
            cluster.node(2).terminate(30);
            FaultReport report = finish(cluster, "SIGTERM of a node", null, faultAt, MEASURED);

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.rescues()).as("handed back in order, nothing left to rescue").isZero();
            assertThat(cluster.dsl.fetchCount(DSL.table("engine_nodes"), DSL.field("node_id").eq("node-2")))
                    .as("signed off").isZero();
        }
    }

    @Test
    void sigstopOfANodeForNinetySecondsStallsNobodyElse() throws Exception {
        try (FaultCluster cluster = FaultCluster.create("sigstop")) {
            cluster.startNodes(3, null);
            cluster.queueLoad(360, Duration.ofSeconds(120));
            untilFault(cluster);
            NodeProcess victim = cluster.busy(2);
            Instant faultAt = cluster.databaseNow();
            victim.freeze();
            Thread.sleep(Duration.ofSeconds(90).toMillis());
            victim.thaw();
            FaultReport report = finish(cluster, "SIGSTOP of a node for 90 s, then SIGCONT", "node-2", faultAt,
                    Duration.ofSeconds(90));

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.handover()).isNotNull().isLessThan(HANDOVER_BOUND);
            assertThat(report.perMinuteDuring()).as("the other nodes kept working")
                    .isGreaterThanOrEqualTo(report.perMinuteBefore() * 7 / 10);
            assertThat(victim.alive()).isTrue();
        }
    }

    @Test
    void aNodeWhoseClockIsSixtySecondsBehindKeepsItsTasks() throws Exception {
        assumeTrue(Files.exists(NodeProcess.FAKETIME), "faketime is installed (Debian package faketime)");
        try (FaultCluster cluster = FaultCluster.create("skew")) {
            cluster.startNodes(3, "-60s");
            cluster.queueLoad(TASKS, LOAD);
            Instant midway = untilFault(cluster);
            FaultReport report = finish(cluster, "a node with its clock 60 s behind", null, midway, MEASURED);

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.rescues()).as("a live node is never presumed dead").isZero();
            assertThat(report.geminiCalls()).as("no call paid twice").isEqualTo((int) report.done());
            assertThat(cluster.dsl.fetchCount(DSL.table("persona_task_attempts"), DSL.field("node_id").eq("node-1")
                    .and(DSL.field("outcome").eq("DONE")))).as("the skewed node did its share")
                    .isGreaterThan(TASKS / 10);
        }
    }

    @Test
    void aPostgresRestartUnderLoad() throws Exception {
        assumeTrue(FaultCluster.canRestartPostgres(), "the local PostgreSQL cluster can be restarted (root, pg_ctlcluster)");
        try (FaultCluster cluster = loaded("pgrestart")) {
            Instant faultAt = untilFault(cluster);
            FaultCluster.restartPostgres();
            FaultReport report = finish(cluster, "PostgreSQL restart under load", null, faultAt, MEASURED);

            assertSafe(report);
            assertThat(report.failed()).isZero();
        }
    }

    @Test
    void stormsOf429And503DeferWithoutUsingRetries() throws Exception {
        try (FaultCluster cluster = loaded("storms")) {
            Instant faultAt = untilFault(cluster);
            cluster.simulator.failNext(1_000_000, Failure.rateLimited(Duration.ofSeconds(2)));
            Thread.sleep(10_000);
            cluster.simulator.clearFailures();
            cluster.simulator.failNext(1_000_000, Failure.unavailable());
            Thread.sleep(10_000);
            cluster.simulator.clearFailures();
            FaultReport report = finish(cluster, "429 storm for 10 s, then 503 storm for 10 s", null, faultAt,
                    Duration.ofSeconds(20));

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.retries()).as("upstream trouble uses no retry").isZero();
        }
    }

    @Test
    void aKeyRefusedForAMinuteFailsNothing() throws Exception {
        try (FaultCluster cluster = loaded("unauthorized")) {
            Instant faultAt = untilFault(cluster);
            cluster.simulator.failNext(1_000_000, Failure.unauthenticated());
            Thread.sleep(60_000);
            cluster.simulator.clearFailures();
            FaultReport report = finish(cluster, "401 for a minute", null, faultAt, Duration.ofSeconds(60));

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.retries()).isZero();
        }
    }

    @Test
    void aGeminiThatStopsAnsweringIsCutOffAndItsTasksDeferred() throws Exception {
        try (FaultCluster cluster = loaded("stall", "GEMINI_CALL_TIMEOUT", "3s")) {
            Instant faultAt = untilFault(cluster);
            cluster.simulator.failNext(1_000_000, Failure.stall(Duration.ofSeconds(30)));
            Thread.sleep(20_000);
            cluster.simulator.clearFailures();
            FaultReport report = finish(cluster, "Gemini stops answering for 20 s", null, faultAt,
                    Duration.ofSeconds(20));

            assertSafe(report);
            assertThat(report.failed()).isZero();
            assertThat(report.retries()).as("a silent Gemini uses no retry").isZero();
        }
    }

    @Test
    void malformedAnswersAreRetriedAndNothingIsLost() throws Exception {
        try (FaultCluster cluster = loaded("malformed")) {
            Instant faultAt = untilFault(cluster);
            cluster.simulator.failNext(40, Failure.malformedJson());
            FaultReport report = finish(cluster, "40 malformed JSON answers", null, faultAt, MEASURED);

            assertSafe(report);
            assertThat(report.retries()).as("the unusable vote answers were retried").isPositive();
        }
    }

    private static FaultCluster loaded(String scenario, String... overrides) throws Exception {
        FaultCluster cluster = FaultCluster.create(scenario, overrides);
        cluster.startNodes(3, null);
        cluster.queueLoad(TASKS, LOAD);
        return cluster;
    }

    /** Waits until the load has run for {@link #FAULT_AFTER}; the fault comes now. */
    private static Instant untilFault(FaultCluster cluster) throws InterruptedException {
        Thread.sleep(FAULT_AFTER.toMillis());
        return cluster.databaseNow();
    }

    private static FaultReport finish(FaultCluster cluster, String scenario, String victim, Instant faultAt,
            Duration measured) throws Exception {
        cluster.drain(Duration.ofMinutes(4));
        FaultReport report = cluster.report(scenario, victim, faultAt, FAULT_AFTER, measured);
        report.record();
        log.info("FAULT {}", report.row());
        return report;
    }

    private static void assertSafe(FaultReport report) {
        assertThat(report.lost()).as("tasks lost").isZero();
        assertThat(report.duplicates()).as("duplicate effects").isZero();
        assertThat(report.personaBreaches()).as("persona limit breaches").isZero();
        assertThat(report.globalBreaches()).as("global Gemini limit breaches").isZero();
    }
}
