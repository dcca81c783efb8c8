package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.task.NewTask;
import io.personaengine.gemini.simulator.GeminiSimulator;
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
 * No Gemini call is thrown away on a persona at its hourly limit: two nodes with free workers find
 * five due tasks of one persona whose limit is two, and Gemini hears exactly two requests. The
 * other three wait, unexecuted, for the persona's hour to free.
 */
class PersonaLimitTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(Duration.ofMillis(300)).build().start();
    private final List<PersonaNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void aPersonaAtItsLimitCostsNoGeminiCallOnAnyNode() throws Exception {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        long ana = forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long post = forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
            tasks.add(NewTask.comment(ana, post, Duration.ZERO, 3));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'"); // nothing for the picker
        for (String nodeId : List.of("node-a", "node-b")) {
            nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId, "PERSONA_MAX_ACTIONS_PER_HOUR", "2")));
        }

        new JooqTaskStore(dsl).schedule(tasks);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'DONE'") == 2
                && count("status = 'PENDING' AND defer_count > 0") == 3);
        nodes.forEach(PersonaNode::close);

        assertThat(simulator.generateRequests()).as("requests Gemini received").hasSize(2);
        assertThat(count("attempt_count > 0")).as("tasks ever executed").isEqualTo(2);
        // put off until the hour frees, or, while the persona's hour was full of running tasks only, for a minute
        assertThat(dsl.fetchSingle("SELECT min(scheduled_at) > now() + interval '50 seconds' FROM persona_tasks "
                + "WHERE status = 'PENDING'").get(0, Boolean.class)).as("put off, not due again at once").isTrue();
    }

    private int count(String condition) {
        return dsl.fetchCount(DSL.table("persona_tasks"), DSL.condition(condition));
    }
}
