package io.personaengine.store.bench;

import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.TaskDelays;
import io.personaengine.core.picker.TaskPicker;
import io.personaengine.store.JooqForum;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Times one picker tick with 10k and with 1M historical posts behind the same recent window. Run with
 * {@code ./mvnw -Pbenchmark -pl modules/store -am verify}; results go to BENCHMARKS.md by hand.
 */
@Tag("benchmark")
class PickerTickBenchmark {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final int RECENT_POSTS = 300;
    private static final int RUNS = 21;
    private static final int WARM_UP = 15; // the first phase also warms the JIT

    @Test
    void oneTickCostsTheSameWhateverTheHistory() {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        seedForum(dsl);
        addHistory(dsl, 10_000);
        double small = medianTickMillis(dsl);
        String smallQueries = queryMedians(dsl);
        addHistory(dsl, 990_000);
        double large = medianTickMillis(dsl);
        String largeQueries = queryMedians(dsl);
        System.out.printf("%nPICKER TICK BENCHMARK: %d recent posts; median of %d ticks%n", RECENT_POSTS, RUNS);
        System.out.printf("  history 10k posts: %.1f ms%n", small);
        System.out.printf("  history  1M posts: %.1f ms%n", large);
        System.out.printf("  ratio 1M / 10k:    %.2f%n", large / small);
        System.out.printf("  per query, 10k: %s%n  per query,  1M: %s%n%n", smallQueries, largeQueries);
    }

    private static void seedForum(DSLContext dsl) {
        dsl.execute("""
                INSERT INTO boards (slug, name, tags)
                SELECT 'board' || i, 'Board ' || i, ARRAY['topic' || i, 'topic' || (i + 1)]
                FROM generate_series(1, 5) i""");
        dsl.execute("INSERT INTO users (handle) SELECT 'human' || i FROM generate_series(1, 50) i");
        dsl.execute("INSERT INTO users (handle) SELECT 'persona' || i FROM generate_series(1, 20) i");
        dsl.execute("""
                INSERT INTO personas (user_id, display_name, style, specialties, creative)
                SELECT u.id, u.handle, 'plain', ARRAY['topic' || (1 + u.id % 6)], u.id % 4 = 0
                FROM users u WHERE u.handle LIKE 'persona%'""");
        // the recent window: posts of the last 24 h, each with a few human comments, some mentioning personas
        dsl.execute("""
                INSERT INTO posts (board_id, author_id, title, body, tags, created_at)
                SELECT 1 + i % 5, (SELECT min(id) FROM users) + i % 50, 'recent ' || i, 'body ' || i,
                       ARRAY['topic' || (1 + i % 6)], now() - (i * 4 || ' minutes')::interval
                FROM generate_series(1, ?) i""", RECENT_POSTS);
        dsl.execute("""
                INSERT INTO comments (post_id, author_id, body, created_at)
                SELECT p.id, (SELECT min(id) FROM users) + (p.id + k) % 50,
                       CASE WHEN k = 1 THEN 'what does @persona' || (1 + p.id % 20) || ' think?' ELSE 'me too' END,
                       p.created_at + (k || ' minutes')::interval
                FROM posts p CROSS JOIN generate_series(1, 3) k""");
    }

    /** Posts, comments, done tasks and memories older than the window. */
    private static void addHistory(DSLContext dsl, int posts) {
        dsl.execute("""
                INSERT INTO posts (board_id, author_id, title, body, tags, created_at)
                SELECT 1 + i % 5, (SELECT min(id) FROM users) + i % 70, 'old ' || i, 'old body ' || i,
                       ARRAY['topic' || (1 + i % 6)], now() - interval '2 days' - (i || ' seconds')::interval * 60
                FROM generate_series(1, ?) i""", posts);
        dsl.execute("""
                INSERT INTO comments (post_id, author_id, body, created_at)
                SELECT p.id, (SELECT min(id) FROM users) + p.id % 50, 'old comment @persona1', p.created_at
                FROM posts p
                WHERE p.title LIKE 'old %' AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.post_id = p.id)""");
        dsl.execute("""
                INSERT INTO persona_tasks (persona_id, task_type, status, post_id, target_key, scheduled_at,
                                           created_at, completed_at)
                SELECT pe.id, 'COMMENT', 'DONE', p.id, p.id, p.created_at, p.created_at, p.created_at
                FROM posts p JOIN personas pe ON pe.id = (SELECT min(id) FROM personas) + p.id % 20
                WHERE p.title LIKE 'old %'
                  AND NOT EXISTS (SELECT 1 FROM persona_tasks t WHERE t.task_type = 'COMMENT' AND t.target_key = p.id)""");
        dsl.execute("""
                INSERT INTO persona_memory (persona_id, task_type, target_id, task_id, created_at)
                SELECT t.persona_id, t.task_type, t.target_key, t.id, t.completed_at
                FROM persona_tasks t WHERE t.status = 'DONE'
                ON CONFLICT DO NOTHING""");
        dsl.execute("ANALYZE");
    }

    /** Median milliseconds of each picker query on its own, to show where a tick's time goes. */
    private static String queryMedians(DSLContext dsl) {
        JooqForum forum = new JooqForum(dsl);
        Duration window = Duration.ofHours(24);
        java.util.Map<String, Runnable> queries = new java.util.LinkedHashMap<>();
        queries.put("personas", forum::activePersonas);
        queries.put("hourlyLoad", forum::hourlyLoad);
        queries.put("comments", () -> forum.postsNeedingComments(window, 3, 10_000));
        queries.put("replies", () -> forum.commentsAwaitingReply(window, 10_000));
        queries.put("votes", () -> forum.postsWithoutPersonaVotes(window, 10_000));
        queries.put("posts", () -> forum.personaPostsIncludingQueued(window));
        StringBuilder out = new StringBuilder();
        queries.forEach((name, query) -> {
            double[] millis = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                query.run();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            out.append(String.format("%s %.1f ms, ", name, millis[RUNS / 2]));
        });
        return out.toString();
    }

    private static double medianTickMillis(DSLContext dsl) {
        PickerSettings settings = new PickerSettings(3, 10, 1, 1_000, 3, 10_000, Duration.ofHours(24),
                TaskDelays.defaults());
        TaskPicker picker = new TaskPicker(new JooqForum(dsl), new JooqTaskStore(dsl), settings,
                new SplittableRandom(1));
        double[] millis = new double[RUNS];
        for (int i = -WARM_UP; i < RUNS; i++) {
            long start = System.nanoTime();
            int queued = picker.pickOnce();
            long elapsed = System.nanoTime() - start;
            if (queued == 0) {
                throw new IllegalStateException("the tick found nothing to do; the benchmark measures nothing");
            }
            dsl.execute("DELETE FROM persona_tasks WHERE status = 'PENDING'");
            if (i >= 0) {
                millis[i] = elapsed / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[RUNS / 2];
    }
}
