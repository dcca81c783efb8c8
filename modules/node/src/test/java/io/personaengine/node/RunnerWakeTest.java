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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node at the default 60 s tick still starts work on time: it claims again as workers free, is
 * woken when tasks are queued, and sleeps only until the earliest pending task falls due. Lags are
 * read on the database clock ({@code started_at - scheduled_at}).
 */
class RunnerWakeTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration MAX_LAG = Duration.ofSeconds(3);

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(Duration.ofMillis(200)).build().start();
    private final JooqTaskStore store = new JooqTaskStore(dsl);
    private PersonaNode node;
    private long persona;
    private final List<Long> posts = new ArrayList<>();

    @BeforeEach
    void oldForumThePickerLeavesAlone() throws Exception {
        TestNodes.emptyDatabase(dsl);
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        persona = forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        for (int i = 0; i < 6; i++) {
            posts.add(forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking")));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'");
        node = PersonaNode.start(TestNodes.config(db, simulator, "node-a", "SCHEDULER_INTERVAL_MS", "60000",
                "CLUSTER_CHECKIN_INTERVAL", "5s", "MAX_CONCURRENT_TASKS", "2"));
    }

    @AfterEach
    void tearDown() {
        node.close();
        simulator.close();
    }

    @Test
    void anIdleNodeStartsATaskQueuedDueLaterWithinSecondsOfItsDueTime() {
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // the node has claimed and gone idle
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ofSeconds(2), 3)));

        await().atMost(Duration.ofSeconds(15)).until(() -> done() == 1);

        assertThat(maxLag()).isLessThan(MAX_LAG);
    }

    @Test
    void anIdleNodeStartsATaskQueuedAlreadyDueAtOnce() {
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        store.schedule(List.of(NewTask.comment(persona, posts.get(0), Duration.ZERO, 3)));

        await().atMost(Duration.ofSeconds(15)).until(() -> done() == 1);

        assertThat(maxLag()).isLessThan(MAX_LAG);
    }

    @Test
    void aBacklogLargerThanTheWorkersDrainsInSecondsNotTicks() {
        List<NewTask> backlog = posts.stream().map(post -> NewTask.comment(persona, post, Duration.ZERO, 3)).toList();
        store.schedule(backlog);

        await().atMost(Duration.ofSeconds(20)).until(() -> done() == backlog.size());

        assertThat(dsl.fetchSingle("SELECT max(completed_at) - min(started_at) < interval '10 seconds' FROM persona_tasks")
                .get(0, Boolean.class)).as("six tasks on two workers, 200 ms each, with a 60 s tick").isTrue();
    }

    private int done() {
        return dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("status").eq("DONE"));
    }

    private Duration maxLag() {
        return Duration.ofMillis(dsl.fetchSingle(
                "SELECT (extract(epoch FROM max(started_at - scheduled_at)) * 1000)::bigint FROM persona_tasks")
                .get(0, Long.class));
    }
}
