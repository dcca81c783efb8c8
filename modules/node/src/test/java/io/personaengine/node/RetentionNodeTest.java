package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A running cluster purges finished tasks past TASK_RETENTION from its housekeeping, and nothing else. */
class RetentionNodeTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private PersonaNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        simulator.close();
    }

    @Test
    void theHousekeepingTickPurgesExpiredFinishedTasksInBatchesAndKeepsTheRest() throws Exception {
        long persona = new ForumAdmin(dsl).persona("ana", "Ana", "friendly", List.of("cooking"), false);
        // finished three days ago: three statements' worth; finished 20 hours ago: kept
        insertFinished(persona, 2_600, "3 days", 1);
        insertFinished(persona, 10, "20 hours", 100_000);

        node = PersonaNode.start(TestNodes.config(db, simulator, "node-a", "TASK_RETENTION", "2d"));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("completed_at < now() - interval '2 days'") == 0);
        assertThat(count("true")).isEqualTo(10);
        assertThat(dsl.fetchCount(DSL.table("persona_task_attempts"))).isEqualTo(10);
        assertThat(dsl.fetchCount(DSL.table("persona_memory"))).isEqualTo(2_610);
    }

    private void insertFinished(long persona, int count, String age, long firstTarget) {
        dsl.execute("""
                WITH t AS (
                    INSERT INTO persona_tasks (persona_id, task_type, status, post_id, target_key, scheduled_at,
                                               completed_at)
                    SELECT ?, 'VOTE', 'DONE', g, g, now() - ?::interval, now() - ?::interval
                    FROM generate_series(?::bigint, ?::bigint) g
                    RETURNING id, target_key),
                m AS (
                    INSERT INTO persona_memory (persona_id, task_type, target_id, task_id)
                    SELECT ?, 'VOTE', target_key, id FROM t)
                INSERT INTO persona_task_attempts (task_id, attempt_no, node_id, claim_token, outcome)
                SELECT id, 1, 'node-old', gen_random_uuid(), 'DONE' FROM t""",
                persona, age, age, firstTarget, firstTarget + count - 1, persona);
    }

    private int count(String condition) {
        return dsl.fetchCount(DSL.table("persona_tasks"), DSL.condition(condition));
    }
}
