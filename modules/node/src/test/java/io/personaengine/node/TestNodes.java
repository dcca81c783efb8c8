package io.personaengine.node;

import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.util.HashMap;
import java.util.Map;

/**
 * Node configuration for tests: the test class's database, the simulator, fast ticks and check-ins,
 * and only COMMENT tasks due soon (votes and replies wait an hour, no posts), so a test sees just
 * the work it arranged.
 */
final class TestNodes {

    private TestNodes() {}

    /** @param overrides keys that differ for this test, as {@code KEY, value, KEY, value, …} */
    static NodeConfig config(TestDatabaseExtension db, GeminiSimulator simulator, String nodeId, String... overrides) {
        var database = db.databaseConfig();
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("DB_URL", database.jdbcUrl()),
                Map.entry("DB_USER", database.user()),
                Map.entry("DB_PASSWORD", database.password()),
                Map.entry("DB_POOL_SIZE", "4"),
                Map.entry("NODE_ID", nodeId),
                Map.entry("SCHEDULER_INTERVAL_MS", "200"),
                Map.entry("CLUSTER_CHECKIN_INTERVAL", "1s"),
                Map.entry("HEARTBEAT_INTERVAL", "500ms"),
                Map.entry("NODE_TIMEOUT", "3s"),
                Map.entry("SHUTDOWN_GRACE", "1s"),
                Map.entry("DELAY_COMMENT", "0s..0s"),
                Map.entry("DELAY_VOTE", "1h..2h"),
                Map.entry("DELAY_REPLY", "1h..2h"),
                Map.entry("POSTS_PER_DAY", "0"),
                Map.entry("IMAGE_POST_ONE_IN_TICKS", "0"),
                Map.entry("PERSONA_MAX_ACTIONS_PER_HOUR", "100"),
                Map.entry("GEMINI_BASE_URL", simulator.baseUrl())));
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides come in KEY, value pairs");
        }
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        return NodeConfig.of(config);
    }

    /**
     * Empties the forum, the task queue and every engine table, Quartz's aside, so a test starts from
     * nothing: no cluster limits, pauses, heartbeats, Gemini counts or spend left by the test before.
     */
    static void emptyDatabase(org.jooq.DSLContext dsl) {
        dsl.execute("TRUNCATE boards, users, posts, comments, votes, images, personas, persona_memory, persona_tasks, "
                + "persona_task_attempts, gemini_calls, gemini_budget, gemini_cooldowns, gemini_limits, gemini_spend, "
                + "engine_pauses, engine_nodes RESTART IDENTITY CASCADE");
    }

    /**
     * A forum of {@code posts} posts and {@code personas} personas, with a COMMENT task due now for
     * every persona on every post: a backlog far larger than a Gemini limit.
     *
     * @return how many tasks were queued
     */
    static int backlogOfComments(org.jooq.DSLContext dsl, int posts, int personas) {
        io.personaengine.store.ForumAdmin forum = new io.personaengine.store.ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", java.util.List.of("cooking"));
        long maria = forum.user("maria");
        java.util.List<Long> postIds = new java.util.ArrayList<>();
        for (int i = 0; i < posts; i++) {
            postIds.add(forum.post(board, maria, "Question " + i, "What do you think?", java.util.List.of("cooking")));
        }
        java.util.List<io.personaengine.core.task.NewTask> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < personas; i++) {
            long persona = forum.persona("cook" + i, "Cook " + i, "friendly", java.util.List.of("cooking"), false);
            postIds.forEach(post -> tasks.add(io.personaengine.core.task.NewTask.comment(persona, post,
                    java.time.Duration.ZERO, 3)));
        }
        return new io.personaengine.store.JooqTaskStore(dsl).schedule(tasks);
    }
}
