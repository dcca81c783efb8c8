package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.task.NewTask;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key Gemini refuses is an outage, not a failure: the cluster pauses calls to the model, tasks
 * stay pending with their retries untouched, the node checks again after each pause, and the queue
 * drains once the key works again. Time is scaled: a pause lasts {@link #MINUTE}.
 */
class GeminiOutageTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration MINUTE = Duration.ofSeconds(2);
    private static final int TASKS = 12;
    private static final int REFUSALS = 3;

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final List<PersonaNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void aRefusedKeyPausesTheClusterFailsNothingAndTheQueueDrainsOnceTheKeyWorks() throws Exception {
        queueComments();
        simulator.failNext(REFUSALS, Failure.permissionDenied());
        for (String nodeId : List.of("node-a", "node-b")) {
            nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId), MINUTE));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> dsl.fetchCount(DSL.table("gemini_cooldowns")) == 1);
        String reason = dsl.fetchSingle("SELECT reason FROM gemini_cooldowns").get(0, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("status = 'DONE'") == TASKS);

        List<Integer> statuses = simulator.generateRequests().stream().map(ReceivedRequest::status).toList();
        assertThat(reason).contains("refuses the key or the model", "403");
        assertThat(count("status = 'FAILED'")).isZero();
        assertThat(count("retry_count > 0")).as("tasks that used a retry").isZero();
        assertThat(statuses.stream().filter(status -> status == 403)).hasSize(REFUSALS);
        assertThat(statuses.stream().filter(status -> status == 200)).as("one call per task once the key works")
                .hasSize(TASKS);
    }

    private void queueComments() {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            long post = forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
            long persona = forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), false);
            tasks.add(NewTask.comment(persona, post, Duration.ZERO, 0));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'"); // nothing for the picker
        new JooqTaskStore(dsl).schedule(tasks);
    }

    private int count(String condition) {
        return dsl.fetchCount(DSL.table("persona_tasks"), DSL.condition(condition));
    }
}
