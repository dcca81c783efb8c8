package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A node dies mid-task: the cluster hands the task to another node and it is published once. */
class FailoverTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration LATENCY = Duration.ofSeconds(12);

    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(LATENCY).build().start();
    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private PersonaNode victim;
    private PersonaNode survivor;

    @AfterEach
    void tearDown() {
        if (victim != null) {
            victim.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        simulator.close();
    }

    private NodeConfig config(String nodeId) {
        return TestNodes.config(db, simulator, nodeId, "SCHEDULER_INTERVAL_MS", "250", "TASK_LEASE", "60s",
                "COMMENTS_PER_POST", "1");
    }

    @Test
    void aTaskHeldByANodeThatDiesIsRescuedWithinTheBoundAndPublishedExactlyOnce() throws Exception {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        long post = forum.post(board, forum.user("maria"), "Best pan?", "Cast iron or not?", List.of("cooking"));

        victim = PersonaNode.start(config("victim"));
        await().atMost(Duration.ofSeconds(30)).until(() -> dsl.fetchCount(DSL.table("persona_task_attempts"),
                DSL.field("node_id").eq("victim")) == 1);
        survivor = PersonaNode.start(config("survivor"));
        OffsetDateTime haltedAt = dsl.fetchSingle("SELECT now()").get(0, OffsetDateTime.class);
        victim.halt();

        await().atMost(Duration.ofSeconds(90)).until(() -> dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq("DONE").and(DSL.field("task_type").eq("COMMENT"))) == 1);
        // the victim's own call is still answered after the rescue: its late completion must be refused
        await().atMost(LATENCY.multipliedBy(3)).until(() -> victim.runner().inFlight() == 0);

        assertThat(dsl.fetchCount(DSL.table("comments"), DSL.field("post_id").eq(post))).isEqualTo(1);
        var attempts = dsl.fetch("SELECT node_id, outcome, started_at FROM persona_task_attempts ORDER BY id");
        assertThat(attempts).extracting(r -> r.get("node_id", String.class) + " " + r.get("outcome", String.class))
                .containsExactly("victim RESCUED", "survivor DONE");
        assertThat(dsl.fetchSingle("SELECT rescue_count FROM persona_tasks WHERE task_type = 'COMMENT'")
                .get(0, Integer.class)).isEqualTo(1);
        Duration rescuedAfter = Duration.between(haltedAt, attempts.get(1).get("started_at", OffsetDateTime.class));
        LoggerFactory.getLogger(FailoverTest.class).info("RESCUE BOUND: re-claimed {} ms after the node died",
                rescuedAfter.toMillis());
        assertThat(rescuedAfter).as("rescued within NODE_TIMEOUT (3 s) and two heartbeats, well before the 60 s lease")
                .isLessThan(Duration.ofSeconds(5));
    }
}
