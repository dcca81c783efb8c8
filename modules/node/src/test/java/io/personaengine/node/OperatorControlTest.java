package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.cli.Main;
import io.personaengine.node.jmx.NodeControl;
import io.personaengine.node.jmx.NodeMXBean;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator control on running nodes: pauses over remote JMX and through the CLI hold on every node
 * and across restarts, and requeue and cancel change the queue the nodes work from. The CLI runs
 * through the same entry point as the jar, against the same database.
 */
class OperatorControlTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    /** Ticks in these tests; TestNodes' default. */
    private static final Duration TICK = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(Duration.ofMillis(20)).build().start();
    private final JooqTaskStore store = new JooqTaskStore(dsl);
    private final List<PersonaNode> nodes = new ArrayList<>();
    private final List<Long> posts = new ArrayList<>();
    private long persona;
    private Path cliConfig;

    @BeforeEach
    void oldForumThePickerLeavesAlone() throws Exception {
        TestNodes.emptyDatabase(dsl);
        dsl.execute("UPDATE qrtz_triggers SET trigger_state = 'WAITING' WHERE trigger_state = 'PAUSED'");
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        persona = forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        for (int i = 0; i < 6; i++) {
            posts.add(forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking")));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'");
        var database = db.databaseConfig();
        cliConfig = dir.resolve("cli.properties");
        Files.writeString(cliConfig, "DB_URL=" + database.jdbcUrl() + "\nDB_USER=" + database.user()
                + "\nSCHEDULER_INTERVAL_MS=" + TICK.toMillis() + "\n");
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void aRemoteJmxPauseOnOneNodeStopsPickingOnAnotherAndResumeBringsNoBurst() throws Exception {
        int jmxPort = freePort();
        PersonaNode a = start("node-a", "JMX_PORT", String.valueOf(jmxPort));
        PersonaNode b = start("node-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> b.scheduler().pickerRuns() > 0);

        try (JMXConnector connector = JMXConnectorFactory.connect(a.jmxUrl().orElseThrow())) {
            assertThat(a.jmxUrl().orElseThrow().toString()).contains("127.0.0.1:" + jmxPort);
            NodeMXBean remote = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    NodeControl.objectName("node-a"), NodeMXBean.class);
            assertThat(remote.getNodeId()).isEqualTo("node-a");

            assertThat(remote.pausePicker()).isTrue();
            assertThat(remote.pausePicker()).as("a second pause changes nothing").isFalse();

            // a fire already under way when the pause landed may still finish; then nothing runs anywhere
            long[] settled = {-1};
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                long now = pickerRuns(a, b);
                boolean same = now == settled[0];
                settled[0] = now;
                return same;
            });
            long pausedAt = pickerRuns(a, b);
            long pausedOnB = b.scheduler().pickerRuns();
            await().during(TICK.multipliedBy(15)).atMost(TICK.multipliedBy(20))
                    .until(() -> pickerRuns(a, b) == pausedAt);
            assertThat(b.scheduler().pickerRuns()).as("node b picks no more").isEqualTo(pausedOnB);
            assertThat(localBean("node-b").isPickerPaused()).as("node b sees the cluster's pause").isTrue();

            assertThat(remote.resumePicker()).isTrue();
            long resumedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> pickerRuns(a, b) > pausedAt);
            await().until(() -> System.nanoTime() - resumedAt >= Duration.ofSeconds(1).toNanos());
            // fifteen ticks were missed while paused; a resume that replayed them would show them here
            long ranInTheFirstSecond = pickerRuns(a, b) - pausedAt;
            long tickLimit = Duration.ofSeconds(1).dividedBy(TICK) + 2;
            assertThat(ranInTheFirstSecond).as("runs in the first second after resume").isBetween(1L, tickLimit + 1);
            assertThat(remote.isPickerPaused()).isFalse();
        }
    }

    @Test
    void aTypePausedThroughTheCliRunsOnNoNodeAndStaysPausedAcrossARestart() throws Exception {
        assertThat(cli("pause", "--type", "comment").out()).contains("paused type COMMENT for the whole cluster");
        assertThat(cli("pause", "--type", "COMMENT").out()).contains("was paused already");
        PersonaNode first = start("node-a");
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3),
                NewTask.comment(persona, posts.get(1), Duration.ZERO, 3), vote(posts.get(2))));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.VOTE, "DONE") == 1);
        assertThat(status(TaskType.COMMENT, "PENDING")).isEqualTo(2);
        assertThat(attemptsOf(TaskType.COMMENT)).isZero();
        assertThat(cli("stats", "--json").out()).contains("\"type COMMENT\"");

        first.close();
        nodes.remove(first);
        start("node-a-restarted");
        store.schedule(List.of(vote(posts.get(3))));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.VOTE, "DONE") == 2);
        assertThat(status(TaskType.COMMENT, "PENDING")).as("still paused after the restart").isEqualTo(2);
        assertThat(attemptsOf(TaskType.COMMENT)).isZero();

        assertThat(cli("resume", "--type", "COMMENT").out()).contains("resumed type COMMENT");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.COMMENT, "DONE") == 2);
        assertThat(cli("resume", "--type", "COMMENT").out()).contains("was not paused");
    }

    @Test
    void aPickerPauseOutlivesARestartWithAnotherTick() throws Exception {
        PersonaNode first = start("node-a");
        assertThat(cli("pause", "picker").out()).contains("paused task-picker for the whole cluster");
        first.close();
        nodes.remove(first);

        PersonaNode second = start("node-a-again", "SCHEDULER_INTERVAL_MS", "300"); // replaces the trigger

        assertThat(localBean("node-a-again").isPickerPaused()).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> second.scheduler().pickerRuns() == 0);
        assertThat(cli("resume", "picker").out()).contains("resumed task-picker");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.scheduler().pickerRuns() > 0);
    }

    @Test
    void aPersonaPausedOverJmxRunsOnNoNode() throws Exception {
        PersonaNode node = start("node-a");
        long other = new ForumAdmin(dsl).persona("bo", "Bo", "dry", List.of("cooking"), false);
        NodeMXBean bean = localBean("node-a");
        assertThat(bean.pausePersona(persona)).isTrue();
        assertThat(bean.getPausedPersonas()).containsExactly(persona);
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3),
                NewTask.comment(other, posts.get(0), Duration.ZERO, 3)));

        await().atMost(Duration.ofSeconds(20)).until(() -> node.counters().done() == 1);
        assertThat(dsl.fetchSingle("SELECT status FROM persona_tasks WHERE persona_id = ?", persona).get(0, String.class))
                .isEqualTo("PENDING");

        assertThat(bean.resumePersona(persona)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> node.counters().done() == 2);
    }

    @Test
    void aRunnerPausedThroughTheCliClaimsNothingAndResumesAtOnce() throws Exception {
        PersonaNode node = start("node-a");
        assertThat(cli("pause", "runner").out()).contains("paused task-runner for the whole cluster");
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3)));

        await().during(TICK.multipliedBy(10)).atMost(TICK.multipliedBy(15))
                .until(() -> status(TaskType.COMMENT, "PENDING") == 1);
        assertThat(localBean("node-a").isRunnerPaused()).isTrue();

        assertThat(cli("resume", "runner").out()).contains("resumed task-runner");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.COMMENT, "DONE") == 1);
        assertThat(node.counters().claimed()).isEqualTo(1);
    }

    @Test
    void requeueRunsAFailedTaskToDoneWithFreshRetries() throws Exception {
        start("node-a");
        simulator.failNext(1, Failure.badRequest());
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.COMMENT, "FAILED") == 1);
        long id = dsl.fetchSingle("SELECT id FROM persona_tasks").get(0, Long.class);

        Cli requeue = cli("requeue", "--id", String.valueOf(id));

        assertThat(requeue.exit()).isZero();
        assertThat(requeue.out()).contains("requeued 1 task (PENDING, due now, retries fresh): " + id);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.COMMENT, "DONE") == 1);
        assertThat(dsl.fetch("SELECT outcome FROM persona_task_attempts WHERE task_id = ? ORDER BY attempt_no", id)
                .getValues(0, String.class)).containsExactly("FAILED", "DONE");
        assertThat(dsl.fetchSingle("SELECT retry_count FROM persona_tasks WHERE id = ?", id).get(0, Integer.class)).isZero();
        assertThat(cli("requeue", "--id", String.valueOf(id)).out()).contains("no FAILED task matches");
    }

    @Test
    void cancelFailsPendingTasksWhichNoNodeThenRuns() throws Exception {
        start("node-a"); // registers task-runner, which the CLI pauses
        assertThat(cli("pause", "runner").exit()).as("nothing claims while the tasks are cancelled").isZero();
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3),
                NewTask.comment(persona, posts.get(1), Duration.ZERO, 3), vote(posts.get(2))));

        Cli cancel = cli("cancel", "--type", "COMMENT");

        assertThat(cancel.out()).startsWith("cancelled 2 tasks (FAILED: cancelled by operator): ");
        cli("resume", "runner");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.VOTE, "DONE") == 1);
        assertThat(status(TaskType.COMMENT, "FAILED")).isEqualTo(2);
        assertThat(attemptsOf(TaskType.COMMENT)).isZero();
        assertThat(cli("requeue", "--all").out()).as("operator cancellations stay cancelled")
                .contains("no FAILED task matches");
        assertThat(cli("requeue", "--reason-like", "%cancelled%").out()).contains("requeued 2 tasks");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(TaskType.COMMENT, "DONE") == 2);
    }

    @Test
    void badControlArgumentsAreUsageErrorsThatChangeNothing() {
        assertThat(cli("pause").exit()).isEqualTo(2);
        assertThat(cli("pause", "picker", "--type", "VOTE").exit()).isEqualTo(2);
        assertThat(cli("pause", "everything").exit()).isEqualTo(2);
        assertThat(cli("pause", "--type", "LIKE").exit()).isEqualTo(2);
        assertThat(cli("pause", "--persona", "999").exit()).isEqualTo(2);
        assertThat(cli("resume", "--persona", "x").exit()).isEqualTo(2);
        assertThat(cli("requeue").exit()).isEqualTo(2);
        assertThat(cli("requeue", "--all", "--type", "VOTE").exit()).isEqualTo(2);
        assertThat(cli("requeue", "--since", "yesterday").exit()).isEqualTo(2);
        assertThat(cli("cancel").exit()).isEqualTo(2);
        assertThat(dsl.fetchCount(DSL.table("engine_pauses"))).isZero();
    }

    private PersonaNode start(String nodeId, String... overrides) throws Exception {
        PersonaNode node = PersonaNode.start(TestNodes.config(db, simulator, nodeId, overrides));
        nodes.add(node);
        return node;
    }

    private static long pickerRuns(PersonaNode a, PersonaNode b) {
        return a.scheduler().pickerRuns() + b.scheduler().pickerRuns();
    }

    private static NodeMXBean localBean(String nodeId) {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), NodeControl.objectName(nodeId),
                NodeMXBean.class);
    }

    private NewTask vote(long post) {
        return new NewTask(persona, TaskType.VOTE, post, null, null, Duration.ZERO, 3);
    }

    private int status(TaskType type, String status) {
        return dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("task_type").eq(type.name()).and(DSL.field("status").eq(status)));
    }

    private int attemptsOf(TaskType type) {
        return dsl.fetchSingle("SELECT count(*)::int FROM persona_task_attempts a JOIN persona_tasks t ON t.id = a.task_id "
                + "WHERE t.task_type = ?", type.name()).get(0, Integer.class);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Cli(int exit, String out) {}

    private Cli cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(cliConfig.toString());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.execute(all.toArray(String[]::new));
            return new Cli(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
