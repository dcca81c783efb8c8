package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.gemini.simulator.ReceivedRequest;
import io.personaengine.node.bench.Stats;
import io.personaengine.node.config.ConfigKeys;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Every Gemini limit at once, on two nodes sharing one database and one Gemini: no window holds more
 * than a limit in any dimension, per model, measured on the simulator's arrival times, and each limit
 * is reached. Time is scaled down as in {@link GeminiLimiterTest}: the per-minute limits apply to a
 * window of {@link #WINDOW}, and Gemini answers in 100–300 ms.
 *
 * <p>The backlog runs in three stretches, in claim order: short comments (the call limit holds
 * them), image posts (the image call limit holds their image calls), comments on long posts (the
 * token limit holds them while calls still have room, until the day's calls to the text model run out).
 */
class AllLimitsTwoNodesTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final Duration WINDOW = Duration.ofSeconds(6);
    /** GEMINI_MAX_CALLS_PER_MINUTE, per model. */
    private static final int CALLS = 60;
    /** GEMINI_IMAGE_MAX_CALLS_PER_MINUTE: well under {@link #CALLS}. */
    private static final int IMAGE_CALLS = 12;
    /** GEMINI_MAX_TOKENS_PER_MINUTE, per model: {@link #CALLS} short comments fit, a fraction as many long ones. */
    private static final int TOKENS = 20_000;
    private static final int PERSONAS = 24;
    private static final int SHORT_POSTS = 4;
    private static final int LONG_POSTS = 3;
    /** Text calls the long comments get before the day's calls run out; fewer than they need. */
    private static final int LONG_COMMENTS_ALLOWED = 36;
    /**
     * GEMINI_MAX_CALLS_PER_DAY, per model: the short comments and the image posts' plans, then
     * {@link #LONG_COMMENTS_ALLOWED} long comments.
     */
    private static final int PER_DAY = PERSONAS * SHORT_POSTS + PERSONAS + LONG_COMMENTS_ALLOWED;
    /** A post body of about 1,200 input tokens, under the 6,000 characters a prompt keeps. */
    private static final String LONG_BODY = "Which pan holds heat best for a slow braise, and why? ".repeat(90);
    private static final ZoneId QUOTA_DAY = ZoneId.of("America/Los_Angeles");

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder()
            .latency(Duration.ofMillis(100), Duration.ofMillis(300))
            .build()
            .start();
    private final List<PersonaNode> nodes = new ArrayList<>();

    @BeforeEach
    void emptyForumAndQueue() {
        TestNodes.emptyDatabase(dsl);
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
    }

    @Test
    void twoNodesKeepEveryWindowWithinEveryLimitOfEachModelAndReachEachLimit() throws Exception {
        backlog();
        NodeConfig config = null;
        for (String nodeId : List.of("node-a", "node-b")) {
            config = TestNodes.config(db, simulator, nodeId,
                    "GEMINI_MAX_CALLS_PER_MINUTE", String.valueOf(CALLS),
                    "GEMINI_MAX_TOKENS_PER_MINUTE", String.valueOf(TOKENS),
                    "GEMINI_MAX_CALLS_PER_DAY", String.valueOf(PER_DAY),
                    "GEMINI_IMAGE_MAX_CALLS_PER_MINUTE", String.valueOf(IMAGE_CALLS),
                    "SCHEDULER_INTERVAL_MS", "60000", "CLUSTER_CHECKIN_INTERVAL", "5s", "DB_POOL_SIZE", "10",
                    "COMMENTS_PER_POST", "0");
            nodes.add(PersonaNode.start(config, WINDOW));
        }
        String textModel = config.get(ConfigKeys.GEMINI_MODEL);
        String imageModel = config.get(ConfigKeys.GEMINI_IMAGE_MODEL);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> calls(textModel).size() >= PER_DAY);
        // the nodes keep running a window after the day's last call: none follows it
        Instant quiet = Instant.now().plus(WINDOW);
        await().atMost(WINDOW.multipliedBy(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(quiet));
        int pending = dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq("PENDING").and(DSL.field("task_type").eq("COMMENT")));
        nodes.forEach(PersonaNode::close);

        List<ReceivedRequest> text = calls(textModel);
        List<ReceivedRequest> image = calls(imageModel);
        assumeThat(text.get(0).receivedAt().atZone(QUOTA_DAY).toLocalDate())
                .as("the run stayed within one Los Angeles day").isEqualTo(Instant.now().atZone(QUOTA_DAY).toLocalDate());
        Busiest textWindow = busiest(text);
        Busiest imageWindow = busiest(image);
        Map<?, ?> byNode = dsl.fetch("SELECT node_id, count(*) FROM gemini_calls GROUP BY node_id").intoMap(0, 1);
        var log = LoggerFactory.getLogger(AllLimitsTwoNodesTest.class);
        log.info("ALL-LIMITS {} (text) per {} s window: max calls {} of {} ({}%), max input tokens {} of {} ({}%), "
                        + "{} calls in the busiest token window; calls of the day {} of {}",
                textModel, WINDOW.toSeconds(), textWindow.calls(), CALLS, percent(textWindow.calls(), CALLS),
                textWindow.tokens(), TOKENS, percent(textWindow.tokens(), TOKENS), textWindow.callsAtMostTokens(),
                text.size(), PER_DAY);
        log.info("ALL-LIMITS {} (image) per {} s window: max calls {} of {} ({}%), max input tokens {} of {} ({}%); "
                        + "calls of the day {} of {}",
                imageModel, WINDOW.toSeconds(), imageWindow.calls(), IMAGE_CALLS, percent(imageWindow.calls(), IMAGE_CALLS),
                imageWindow.tokens(), TOKENS, percent(imageWindow.tokens(), TOKENS), image.size(), PER_DAY);
        log.info("ALL-LIMITS calls by node {}; {} comment tasks still pending; max calls in any window on the ledger's "
                + "stamps: text {}, image {}", byNode, pending, maxStampedInAnyWindow(textModel),
                maxStampedInAnyWindow(imageModel));

        assertThat(simulator.generateRequests()).extracting(ReceivedRequest::status).containsOnly(200);
        assertThat(byNode).as("both nodes called").hasSize(2);
        // RPM
        assertThat(textWindow.calls()).as("text calls in the busiest window").isLessThanOrEqualTo(CALLS);
        assertThat(textWindow.calls()).as("the call limit was reached").isGreaterThanOrEqualTo(CALLS * 8 / 10);
        // image RPM
        assertThat(imageWindow.calls()).as("image calls in the busiest window").isLessThanOrEqualTo(IMAGE_CALLS);
        assertThat(imageWindow.calls()).as("the image call limit was reached")
                .isGreaterThanOrEqualTo((int) Math.ceil(IMAGE_CALLS * 0.8));
        // TPM
        assertThat(textWindow.tokens()).as("text input tokens in the busiest window").isLessThanOrEqualTo(TOKENS);
        assertThat(imageWindow.tokens()).as("image input tokens in the busiest window").isLessThanOrEqualTo(TOKENS);
        assertThat(textWindow.tokens()).as("the token limit was reached").isGreaterThanOrEqualTo(TOKENS * 8 / 10);
        assertThat(textWindow.callsAtMostTokens()).as("the token limit, not the call limit, held that window")
                .isLessThan(CALLS / 2);
        // RPD
        assertThat(text.size()).as("text calls of the day: all of them, and not one more").isEqualTo(PER_DAY);
        assertThat(image.size()).as("image calls of the day").isLessThanOrEqualTo(PER_DAY);
        assertThat(pending).as("comments were still due when the day's calls ran out").isPositive();
    }

    /**
     * Short comments, then image posts, then comments on long posts, queued in that order (claims take
     * the oldest first); creative personas, so image posts are theirs to make.
     */
    private void backlog() {
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        List<Long> shortPosts = new ArrayList<>();
        for (int i = 0; i < SHORT_POSTS; i++) {
            shortPosts.add(forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking")));
        }
        List<Long> longPosts = new ArrayList<>();
        for (int i = 0; i < LONG_POSTS; i++) {
            longPosts.add(forum.post(board, maria, "Braising " + i, LONG_BODY, List.of("cooking")));
        }
        List<Long> personas = new ArrayList<>();
        for (int i = 0; i < PERSONAS; i++) {
            personas.add(forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), true));
        }
        JooqTaskStore tasks = new JooqTaskStore(dsl);
        List<NewTask> shortComments = new ArrayList<>();
        List<NewTask> imagePosts = new ArrayList<>();
        List<NewTask> longComments = new ArrayList<>();
        shortPosts.forEach(post -> personas.forEach(persona ->
                shortComments.add(NewTask.comment(persona, post, Duration.ZERO, 3))));
        personas.forEach(persona ->
                imagePosts.add(new NewTask(persona, TaskType.IMAGE_POST, null, null, board, Duration.ZERO, 3)));
        longPosts.forEach(post -> personas.forEach(persona ->
                longComments.add(NewTask.comment(persona, post, Duration.ZERO, 3))));
        assertThat(tasks.schedule(shortComments) + tasks.schedule(imagePosts) + tasks.schedule(longComments))
                .isEqualTo(PERSONAS * (SHORT_POSTS + 1 + LONG_POSTS));
    }

    /**
     * The most calls, and the most input tokens (as the simulator counted them), in any window
     * [t, t + WINDOW); the busiest windows start at a call.
     *
     * @param callsAtMostTokens the calls in the window with the most tokens
     */
    private record Busiest(int calls, long tokens, int callsAtMostTokens) {}

    private static Busiest busiest(List<ReceivedRequest> calls) {
        long maxTokens = 0;
        int callsThen = 0;
        for (ReceivedRequest start : calls) {
            Instant until = start.receivedAt().plus(WINDOW);
            List<ReceivedRequest> in = calls.stream().filter(r -> !r.receivedAt().isBefore(start.receivedAt())
                    && r.receivedAt().isBefore(until)).toList();
            long tokens = in.stream().mapToLong(GeminiSimulator::promptTokens).sum();
            if (tokens > maxTokens) {
                maxTokens = tokens;
                callsThen = in.size();
            }
        }
        return new Busiest(Stats.maxInAnyWindow(calls.stream().map(ReceivedRequest::receivedAt).toList(), WINDOW),
                maxTokens, callsThen);
    }

    /** The calls the simulator took for {@code model}, by arrival. */
    private List<ReceivedRequest> calls(String model) {
        return simulator.generateRequests().stream().filter(r -> model.equals(r.model()))
                .sorted(Comparator.comparing(ReceivedRequest::receivedAt)).toList();
    }

    /** The most calls to {@code model} the ledger stamped (database clock) in any window. */
    private int maxStampedInAnyWindow(String model) {
        return Stats.maxInAnyWindow(dsl.fetch("SELECT called_at FROM gemini_calls WHERE model = ? ORDER BY called_at",
                model).map(r -> r.get(0, OffsetDateTime.class).toInstant()), WINDOW);
    }

    private static String percent(long used, long limit) {
        return String.format(Locale.ROOT, "%.1f", 100.0 * used / limit);
    }
}
