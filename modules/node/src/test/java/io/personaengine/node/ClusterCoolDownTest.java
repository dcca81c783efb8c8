package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.guard.GuardSettings;
import io.personaengine.gemini.guard.GuardedContentGenerator;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A 429 on one node pauses every node: for the server's delay, or until the daily quota resets. */
class ClusterCoolDownTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final String TEXT = "gemini-3.5-flash-lite";
    private static final String IMAGE = "gemini-3.1-flash-image";
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    private static final TextPrompt COMMENT = new TextPrompt("You are Ana, a cook.", "Title: Eggs\nComment.", 512);

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final GeminiClient client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
    private final List<PersonaNode> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, personas, users, boards, "
                + "gemini_calls, gemini_cooldowns RESTART IDENTITY CASCADE");
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        client.close();
        simulator.close();
    }

    /** The generator a node builds: Gemini behind this node's guard and the shared ledger. */
    private ContentGenerator generatorOf(String nodeId) {
        return GuardedContentGenerator.around(new GeminiContentGenerator(client, TEXT, IMAGE),
                new JooqCallLedger(dsl, nodeId, 60), GuardSettings.defaults());
    }

    private Record coolDown(String model) {
        return dsl.fetchSingle("SELECT cooldown_until, started_at, node_id, reason FROM gemini_cooldowns WHERE model = ?",
                model);
    }

    @Test
    void a429OnOneNodeMakesTheOtherNodesNextCallWaitForTheServersDelay() {
        ContentGenerator nodeA = generatorOf("node-a");
        ContentGenerator nodeB = generatorOf("node-b");
        simulator.failNext(1, Failure.rateLimited(Duration.ofSeconds(2)));

        ContentException onA = catchThrowableOfType(ContentException.class, () -> nodeA.generateText(COMMENT));
        ContentException onB = catchThrowableOfType(ContentException.class, () -> nodeB.generateText(COMMENT));

        assertThat(onA.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(onA.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMillis(1_500),
                Duration.ofSeconds(2)));
        assertThat(onB.kind()).as("node-b never called upstream: it deferred").isEqualTo(Kind.RATE_LIMITED);
        assertThat(onB.getMessage()).contains("paused cluster-wide");
        assertThat(onB.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive()
                .isLessThanOrEqualTo(onA.retryAfter().orElseThrow()));
        assertThat(onB.usage().calls()).isZero();
        assertThat(simulator.generateRequests()).hasSize(1);
        Record pause = coolDown(TEXT);
        assertThat(pause.get("node_id", String.class)).isEqualTo("node-a");
        assertThat(Duration.between(pause.get("started_at", OffsetDateTime.class),
                pause.get("cooldown_until", OffsetDateTime.class))).isEqualTo(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .ignoreException(ContentException.class)
                .until(() -> !nodeB.generateText(COMMENT).text().isBlank());
        OffsetDateTime resumedAt = dsl.fetchSingle("SELECT called_at FROM gemini_calls WHERE node_id = 'node-b'")
                .get(0, OffsetDateTime.class);
        assertThat(resumedAt).as("node-b's call was counted after the pause, on the database clock")
                .isAfterOrEqualTo(pause.get("cooldown_until", OffsetDateTime.class));
        assertThat(simulator.generateRequests()).hasSize(2);
    }

    @Test
    void aSpentDailyQuotaPausesTheModelOnEveryNodeUntilTheNextMidnightInLosAngeles() {
        ContentGenerator nodeA = generatorOf("node-a");
        ContentGenerator nodeB = generatorOf("node-b");
        simulator.failNext(1, Failure.dailyQuota(Duration.ofSeconds(26)));
        OffsetDateTime databaseNow = dsl.fetchSingle("SELECT now()").get(0, OffsetDateTime.class);

        ContentException onA = catchThrowableOfType(ContentException.class, () -> nodeA.generateText(COMMENT));
        ContentException onB = catchThrowableOfType(ContentException.class, () -> nodeB.generateText(COMMENT));

        ZonedDateTime midnight = databaseNow.atZoneSameInstant(PACIFIC).toLocalDate().plusDays(1).atStartOfDay(PACIFIC);
        Duration untilMidnight = Duration.between(databaseNow, midnight);
        assertThat(coolDown(TEXT).get("cooldown_until", OffsetDateTime.class).toInstant())
                .isEqualTo(midnight.toInstant());
        assertThat(onA.dailyQuota()).isTrue();
        assertThat(onA.retryAfter()).as("the task waits for the reset, not the 26 s").hasValueSatisfying(d ->
                assertThat(d).isBetween(untilMidnight.minusMinutes(1), untilMidnight));
        assertThat(onB.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(onB.retryAfter()).hasValueSatisfying(d ->
                assertThat(d).isBetween(untilMidnight.minusMinutes(1), untilMidnight));
        assertThat(onB.getMessage()).contains("daily quota");
        assertThat(nodeB.generateImage(new ImagePrompt("A bowl of ramen", "1:1")).bytes())
                .as("the image model has a quota of its own").isNotEmpty();
        assertThat(simulator.generateRequests()).extracting(r -> r.model()).containsExactly(TEXT, IMAGE);
    }

    @Test
    void duringAPauseNoNodeClaimsOrCallsAndNoTaskUsesARetry() throws Exception {
        final Duration RACING = Duration.ofMillis(200);
        start("node-a");
        start("node-b");
        simulator.failNext(1, Failure.rateLimited(Duration.ofSeconds(3)));
        // the work appears once both nodes are up, so both are there for the whole pause
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        for (int i = 0; i < 8; i++) {
            forum.persona("cook" + i, "Cook " + i, "friendly", List.of("cooking"), false);
        }
        for (int i = 0; i < 8; i++) {
            forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> dsl.fetchCount(DSL.table("persona_tasks"),
                DSL.field("status").eq("DONE").and(DSL.field("task_type").eq("COMMENT"))) == 40);

        Record pause = coolDown(TEXT);
        OffsetDateTime from = pause.get("started_at", OffsetDateTime.class);
        OffsetDateTime until = pause.get("cooldown_until", OffsetDateTime.class);
        assertThat(Duration.between(from, until)).isEqualTo(Duration.ofSeconds(3));
        // a permit whose statement began before the pause committed may still be granted: it raced the 429
        assertThat(dsl.fetchCount(DSL.table("gemini_calls"), DSL.field("called_at", OffsetDateTime.class)
                .ge(from.plus(RACING)).and(DSL.field("called_at", OffsetDateTime.class).lt(until))))
                .as("permits granted during the pause, on any node").isZero();
        // claims leave tasks pending while the model is paused, instead of taking them only to defer them
        assertThat(dsl.fetchCount(DSL.table("persona_task_attempts"), DSL.field("started_at", OffsetDateTime.class)
                .ge(from.plus(RACING)).and(DSL.field("started_at", OffsetDateTime.class).lt(until))))
                .as("attempts started during the pause, on any node").isZero();
        var doneAfterThePause = dsl.fetch("SELECT node_id, count(*) FROM persona_task_attempts "
                + "WHERE outcome = 'DONE' AND started_at >= ?::timestamptz GROUP BY node_id", until);
        LoggerFactory.getLogger(ClusterCoolDownTest.class).info("COOL-DOWN: attempts done after the pause per node: {}",
                doneAfterThePause.intoMap(0, 1));
        assertThat(doneAfterThePause.getValues(0, String.class)).as("both nodes took the work up again")
                .containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(dsl.fetchCount(DSL.table("persona_tasks"), DSL.field("retry_count").gt(0)))
                .as("no task used a retry").isZero();
        assertThat(simulator.generateRequests()).extracting(r -> r.status()).containsOnly(200, 429)
                .filteredOn(status -> status == 429).hasSize(1);
    }

    private void start(String nodeId) throws Exception {
        nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId, "COMMENTS_PER_POST", "5")));
    }
}
