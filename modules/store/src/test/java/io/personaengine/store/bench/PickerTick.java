package io.personaengine.store.bench;

import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.TaskDelays;
import io.personaengine.core.picker.TaskPicker;
import io.personaengine.store.JooqForum;
import io.personaengine.store.JooqTaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One {@code TaskPicker.pickOnce()} (all five rules, real PostgreSQL) timed over the same recent window
 * with a growing history behind it. Recent window: 5 boards, 20 personas, 300 posts of the last 24 h
 * with 900 human comments (300 of them @mentioning personas). History: posts older than the window,
 * each with a comment, a finished persona task and a persona memory row. No JUnit here, so the bench
 * suite can call it from a plain main; {@link PickerTickBenchmark} is the JUnit entry.
 */
public final class PickerTick {

    public static final int RECENT_POSTS = 300;

    /** One history size: median tick and median of each picker query on its own, in milliseconds. */
    public record Result(int historyPosts, double medianTickMillis, Map<String, Double> queryMillis,
            int ticks, Duration seeding) {}

    private PickerTick() {}

    /**
     * Seeds an empty migrated database, then for each size (ascending, cumulative) grows the history
     * to that many posts and times {@code runs} ticks after {@code warmUp} ticks.
     */
    public static List<Result> measure(DataSource dataSource, int[] historySizes, int runs, int warmUp) {
        DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        seedForum(dsl);
        List<Result> results = new ArrayList<>();
        int history = 0;
        for (int size : historySizes) {
            if (size <= history) {
                throw new IllegalArgumentException("history sizes must ascend: " + Arrays.toString(historySizes));
            }
            long begin = System.nanoTime();
            addHistory(dsl, size - history);
            Duration seeding = Duration.ofNanos(System.nanoTime() - begin);
            history = size;
            double tick = medianTickMillis(dsl, runs, warmUp);
            results.add(new Result(size, tick, queryMedians(dsl, runs), runs, seeding));
        }
        return results;
    }

    static void seedForum(DSLContext dsl) {
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

    /** Adds {@code posts} posts older than the window, with their comments, done tasks and memories. */
    static void addHistory(DSLContext dsl, int posts) {
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
    static Map<String, Double> queryMedians(DSLContext dsl, int runs) {
        JooqForum forum = new JooqForum(dsl);
        Duration window = Duration.ofHours(24);
        Map<String, Runnable> queries = new LinkedHashMap<>();
        queries.put("personas", forum::activePersonas);
        queries.put("hourlyLoad", forum::hourlyLoad);
        queries.put("comments", () -> forum.postsNeedingComments(window, 3, 10_000));
        queries.put("replies", () -> forum.commentsAwaitingReply(window, 10_000));
        queries.put("votes", () -> forum.postsWithoutPersonaVotes(window, 10_000));
        queries.put("posts", () -> forum.personaPostsIncludingQueued(window));
        Map<String, Double> medians = new LinkedHashMap<>();
        queries.forEach((name, query) -> {
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                query.run();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            medians.put(name, median(millis));
        });
        return medians;
    }

    static double medianTickMillis(DSLContext dsl, int runs, int warmUp) {
        PickerSettings settings = new PickerSettings(3, 10, 1, 1_000, 3, 10_000, Duration.ofHours(24),
                TaskDelays.defaults());
        TaskPicker picker = new TaskPicker(new JooqForum(dsl), new JooqTaskStore(dsl), settings,
                new SplittableRandom(1));
        double[] millis = new double[runs];
        for (int i = -warmUp; i < runs; i++) {
            long start = System.nanoTime();
            int queued = picker.pickOnce();
            long elapsed = System.nanoTime() - start;
            if (queued == 0) {
                throw new IllegalStateException("the tick found nothing to do; the benchmark measures nothing");
            }
            // the next tick does the same work
            dsl.execute("DELETE FROM persona_tasks WHERE status = 'PENDING'");
            if (i >= 0) {
                millis[i] = elapsed / 1e6;
            }
        }
        return median(millis);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
