package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole slice, end to end: a new post becomes persona comments through a two-node Quartz cluster. */
class ClusterSliceTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private GeminiSimulator simulator;
    private DSLContext dsl;
    private PersonaNode nodeA;
    private PersonaNode nodeB;

    @BeforeEach
    void setUp() {
        simulator = GeminiSimulator.builder().latency(Duration.ofMillis(20), Duration.ofMillis(80)).build().start();
        dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, personas, users, boards "
                + "RESTART IDENTITY CASCADE");
    }

    @AfterEach
    void tearDown() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        simulator.close();
    }

    private NodeConfig config(String nodeId) {
        return TestNodes.config(db, simulator, nodeId, "DELAY_COMMENT", "0s..1s", "COMMENTS_PER_POST", "3",
                "RETRY_BACKOFF", "100ms..200ms", "PERSONA_MAX_ACTIONS_PER_HOUR", "6");
    }

    @Test
    void aNewPostBecomesOneCommentFromEachOfThreeMatchingPersonas() throws Exception {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        for (String handle : List.of("ana", "ben", "cy", "dee")) {
            forum.persona(handle, handle.toUpperCase(), "friendly", List.of("cooking"), false);
        }
        forum.persona("gus", "Gus", "terse", List.of("gardening"), false);
        long post = forum.post(board, maria, "Best pan for eggs?", "Cast iron or non-stick?", List.of("cooking"));

        nodeA = PersonaNode.start(config("node-a"));
        nodeB = PersonaNode.start(config("node-b"));

        await().atMost(Duration.ofSeconds(60)).until(() ->
                dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").eq("DONE").and(DSL.field("task_type").eq("COMMENT"))) == 3);

        var comments = dsl.fetch("""
                SELECT c.id, c.post_id, c.task_id, u.handle, t.result_id, t.status
                FROM comments c
                JOIN users u ON u.id = c.author_id
                JOIN persona_tasks t ON t.id = c.task_id""");
        assertThat(comments).hasSize(3);
        assertThat(comments.getValues("post_id", Long.class)).containsOnly(post);
        assertThat(comments.getValues("handle", String.class)).doesNotHaveDuplicates()
                .doesNotContain("gus", "maria");
        assertThat(comments).allSatisfy(row ->
                assertThat(row.get("result_id", Long.class)).isEqualTo(row.get("id", Long.class)));
        assertThat(dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("task_type").eq("COMMENT")))
                .as("no comment task beyond the three").isEqualTo(3);
        assertThat(simulator.generateRequests()).hasSize(3);
        assertThat(dsl.fetch("SELECT outcome, gemini_calls, model FROM persona_task_attempts"))
                .hasSize(3)
                .allSatisfy(row -> {
                    assertThat(row.get("outcome", String.class)).isEqualTo("DONE");
                    assertThat(row.get("gemini_calls", Integer.class)).isEqualTo(1);
                    assertThat(row.get("model", String.class)).isNotBlank();
                });
        assertThat(dsl.fetch("SELECT instance_name FROM qrtz_scheduler_state").getValues(0, String.class))
                .contains("node-a", "node-b");
        assertThat(dsl.fetch("SELECT job_name FROM qrtz_job_details WHERE job_group = 'persona-engine'")
                .getValues(0, String.class)).containsExactlyInAnyOrder("task-picker", "task-runner");
    }

    @Test
    void upstreamTroubleDefersABadAnswerRetriesAndARefusalFailsAtOnce() throws Exception {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        long post = forum.post(board, maria, "Best pan for eggs?", "Cast iron or non-stick?", List.of("cooking"));
        simulator.failNext(1, Failure.rateLimited(Duration.ofMillis(500)));
        simulator.failNext(1, Failure.maxTokensEmpty());

        nodeA = PersonaNode.start(config("node-c"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").eq("DONE").and(DSL.field("task_type").eq("COMMENT"))) == 1);

        var task = dsl.fetchSingle("SELECT retry_count, defer_count, attempt_count FROM persona_tasks WHERE task_type = 'COMMENT'");
        assertThat(task.get("defer_count", Integer.class)).as("the 429 deferred without using a retry").isEqualTo(1);
        assertThat(task.get("retry_count", Integer.class)).as("the empty answer used one retry").isEqualTo(1);
        assertThat(dsl.fetch("SELECT outcome, error_message FROM persona_task_attempts ORDER BY id"))
                .extracting(row -> row.get("outcome", String.class))
                .containsExactly("DEFERRED", "RETRY", "DONE");
        assertThat(dsl.fetchCount(DSL.table("comments"), DSL.field("post_id").eq(post))).isEqualTo(1);

        simulator.failNext(1, Failure.badRequest());
        long second = forum.post(board, maria, "Knife sharpening?", "Whetstone or pull-through?", List.of("cooking"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").eq("FAILED").and(DSL.field("task_type").eq("COMMENT"))) == 1);

        var failed = dsl.fetchSingle("SELECT post_id, retry_count, error_message FROM persona_tasks WHERE status = 'FAILED' AND task_type = 'COMMENT'");
        assertThat(failed.get("post_id", Long.class)).isEqualTo(second);
        assertThat(failed.get("retry_count", Integer.class)).as("a refusal is not retried").isZero();
        assertThat(failed.get("error_message", String.class)).startsWith("REFUSED").contains("400");
        assertThat(dsl.fetchCount(DSL.table("comments"), DSL.field("post_id").eq(second))).isZero();
    }
}
