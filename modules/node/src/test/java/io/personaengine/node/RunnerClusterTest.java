package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several nodes share a backlog; a node that stops hands its unfinished work back. */
class RunnerClusterTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final List<PersonaNode> nodes = new ArrayList<>();
    private GeminiSimulator simulator;

    @BeforeEach
    void setUp() {
        dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, personas, users, boards "
                + "RESTART IDENTITY CASCADE");
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        if (simulator != null) {
            simulator.close();
        }
    }

    private PersonaNode start(String nodeId, String... overrides) throws Exception {
        PersonaNode node = PersonaNode.start(TestNodes.config(db, simulator, nodeId, overrides));
        nodes.add(node);
        return node;
    }

    private void forumWithPosts(int posts) {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        for (String handle : List.of("ana", "ben", "cy")) {
            forum.persona(handle, handle, "friendly", List.of("cooking"), false);
        }
        for (int i = 0; i < posts; i++) {
            forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
        }
    }

    private long commentsDone() {
        return dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq("DONE").and(DSL.field("task_type").eq("COMMENT")));
    }

    @Test
    void allLiveNodesWorkThroughABacklogAtTheSameTimeNeverAboveTheirOwnConcurrency() throws Exception {
        simulator = GeminiSimulator.builder().latency(Duration.ofMillis(700)).build().start();
        forumWithPosts(30);
        start("node-a", "COMMENTS_PER_POST", "1", "MAX_CONCURRENT_TASKS", "3");
        start("node-b", "COMMENTS_PER_POST", "1", "MAX_CONCURRENT_TASKS", "3");
        await().atMost(Duration.ofSeconds(90)).until(() -> commentsDone() == 30);

        // every attempt held a worker, whatever its outcome
        List<Record> attempts = dsl.fetch("SELECT node_id, started_at, finished_at FROM persona_task_attempts "
                + "WHERE finished_at IS NOT NULL");
        assertThat(attempts).extracting(r -> r.get("node_id", String.class)).contains("node-a", "node-b");
        assertThat(maxOverlap(attempts, "node-a")).isBetween(1, 3);
        assertThat(maxOverlap(attempts, "node-b")).isBetween(1, 3);
        assertThat(overlapBetweenNodes(attempts)).as("both nodes were executing at the same moment").isTrue();
        assertThat(dsl.fetchCount(DSL.table("comments"))).isEqualTo(30);
    }

    @Test
    void aStoppingNodeHandsUnfinishedTasksBackWithoutUsingARetry() throws Exception {
        simulator = GeminiSimulator.builder().latency(Duration.ofSeconds(8)).build().start();
        forumWithPosts(1);
        PersonaNode leaving = start("leaving", "COMMENTS_PER_POST", "1", "SHUTDOWN_GRACE", "500ms");
        await().atMost(Duration.ofSeconds(30)).until(() -> leaving.runner().inFlight() == 1);

        long started = System.nanoTime();
        leaving.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);

        var task = dsl.fetchSingle("SELECT status, retry_count, defer_count FROM persona_tasks "
                + "WHERE task_type = 'COMMENT'");
        assertThat(task.get("status", String.class)).isEqualTo("PENDING");
        assertThat(task.get("retry_count", Integer.class)).isZero();
        assertThat(dsl.fetchSingle("SELECT outcome, error_message FROM persona_task_attempts").into(String[].class))
                .containsExactly("DEFERRED", "node stopped before the task finished");
        assertThat(closing).as("the grace bounds the stop").isLessThan(Duration.ofSeconds(5));

        start("staying", "COMMENTS_PER_POST", "1");
        await().atMost(Duration.ofSeconds(60)).until(() -> commentsDone() == 1);
        assertThat(dsl.fetchCount(DSL.table("comments"))).isEqualTo(1);
    }

    /** The most attempts of one node running at the same instant. */
    private static int maxOverlap(List<Record> attempts, String nodeId) {
        List<Record> mine = attempts.stream().filter(r -> nodeId.equals(r.get("node_id", String.class))).toList();
        int max = 0;
        for (Record a : mine) {
            OffsetDateTime at = a.get("started_at", OffsetDateTime.class);
            int running = 0;
            for (Record b : mine) {
                if (!b.get("started_at", OffsetDateTime.class).isAfter(at)
                        && b.get("finished_at", OffsetDateTime.class).isAfter(at)) {
                    running++;
                }
            }
            max = Math.max(max, running);
        }
        return max;
    }

    private static boolean overlapBetweenNodes(List<Record> attempts) {
        for (Record a : attempts) {
            for (Record b : attempts) {
                if (a.get("node_id", String.class).equals("node-a") && b.get("node_id", String.class).equals("node-b")
                        && a.get("started_at", OffsetDateTime.class).isBefore(b.get("finished_at", OffsetDateTime.class))
                        && b.get("started_at", OffsetDateTime.class).isBefore(a.get("finished_at", OffsetDateTime.class))) {
                    return true;
                }
            }
        }
        return false;
    }
}
