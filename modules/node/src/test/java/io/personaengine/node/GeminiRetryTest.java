package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
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

/** A brief outage is retried inside the attempt, every call counted; a refusal is not retried at all. */
class GeminiRetryTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private PersonaNode node;

    @BeforeEach
    void setUp() {
        dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, personas, users, boards, "
                + "gemini_calls, gemini_cooldowns RESTART IDENTITY CASCADE");
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        forum.post(board, forum.user("maria"), "Best pan for eggs?", "Cast iron or non-stick?", List.of("cooking"));
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        simulator.close();
    }

    private PersonaNode start() throws Exception {
        node = PersonaNode.start(TestNodes.config(db, simulator, "node-r", "COMMENTS_PER_POST", "1",
                "PERSONA_MAX_ACTIONS_PER_HOUR", "6"));
        return node;
    }

    private int commentTasks(String status) {
        return dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq(status).and(DSL.field("task_type").eq("COMMENT")));
    }

    @Test
    void a503ThenSuccessCompletesInOneAttemptWithBothCallsCountedAndNoTaskRetryUsed() throws Exception {
        simulator.failNext(1, Failure.unavailable());

        start();
        await().atMost(Duration.ofSeconds(60)).until(() -> commentTasks("DONE") == 1);

        var attempt = dsl.fetchSingle("SELECT outcome, gemini_calls FROM persona_task_attempts");
        assertThat(attempt.get("outcome", String.class)).isEqualTo("DONE");
        assertThat(attempt.get("gemini_calls", Integer.class)).isEqualTo(2);
        var task = dsl.fetchSingle("SELECT retry_count, defer_count FROM persona_tasks WHERE task_type = 'COMMENT'");
        assertThat(task.get("retry_count", Integer.class)).isZero();
        assertThat(task.get("defer_count", Integer.class)).isZero();
        assertThat(simulator.generateRequests()).extracting(ReceivedRequest::status).containsExactly(503, 200);
        assertThat(dsl.fetchCount(DSL.table("gemini_calls"))).as("each attempt took a permit").isEqualTo(2);
        assertThat(dsl.fetchCount(DSL.table("comments"))).isEqualTo(1);
    }

    @Test
    void a400IsNotRetriedAndFailsTheTaskAtOnceWithTheReason() throws Exception {
        simulator.failNext(1, Failure.badRequest());

        start();
        await().atMost(Duration.ofSeconds(60)).until(() -> commentTasks("FAILED") == 1);

        var attempt = dsl.fetchSingle("SELECT outcome, gemini_calls FROM persona_task_attempts");
        assertThat(attempt.get("outcome", String.class)).isEqualTo("FAILED");
        assertThat(attempt.get("gemini_calls", Integer.class)).isEqualTo(1);
        var task = dsl.fetchSingle("SELECT retry_count, error_message FROM persona_tasks WHERE task_type = 'COMMENT'");
        assertThat(task.get("retry_count", Integer.class)).isZero();
        assertThat(task.get("error_message", String.class)).startsWith("REFUSED").contains("400");
        assertThat(simulator.generateRequests()).extracting(ReceivedRequest::status).containsExactly(400);
        assertThat(dsl.fetchCount(DSL.table("comments"))).isZero();
    }
}
