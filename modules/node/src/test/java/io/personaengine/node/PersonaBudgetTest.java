package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.personaengine.core.task.NewTask;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.node.cli.Main;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A persona's daily budget pauses only that persona: two nodes work a backlog of one persona's
 * comments and a few of another's, at prices that make a comment cost a few cents. The spender stops
 * at its budget (overshooting by at most one attempt), its other tasks stay pending and cost no
 * Gemini call, and the other persona's tasks all run. Stats, the metrics and the log say why.
 */
class PersonaBudgetTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final String BUDGET = "0.10";

    @TempDir
    Path dir;

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().latency(Duration.ofMillis(100)).build().start();
    private final List<PersonaNode> nodes = new ArrayList<>();
    private final Logger watchLog = (Logger) LoggerFactory.getLogger(BudgetWatch.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(PersonaNode::close);
        simulator.close();
        watchLog.detachAppender(events);
    }

    @Test
    void aPersonasDailyBudgetPausesOnlyThatPersonaUntilTheNextDay() throws Exception {
        TestNodes.emptyDatabase(dsl);
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long maria = forum.user("maria");
        long spender = forum.persona("spender", "Spender", "verbose", List.of("cooking"), false);
        long thrifty = forum.persona("thrifty", "Thrifty", "terse", List.of("cooking"), false);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            long post = forum.post(board, maria, "Question " + i, "What do you think?", List.of("cooking"));
            tasks.add(NewTask.comment(i < 12 ? spender : thrifty, post, Duration.ZERO, 3));
        }
        dsl.execute("UPDATE posts SET created_at = now() - interval '2 days'"); // nothing for the picker
        events.start();
        watchLog.addAppender(events);
        String[] prices = {"GEMINI_PRICE_INPUT_PER_M", "100", "GEMINI_PRICE_OUTPUT_PER_M", "400",
                "PERSONA_BUDGET_USD_PER_DAY", BUDGET};
        for (String nodeId : List.of("node-a", "node-b")) {
            nodes.add(PersonaNode.start(TestNodes.config(db, simulator, nodeId, prices)));
        }

        new JooqTaskStore(dsl).schedule(tasks);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(thrifty, "DONE") == 2
                && spent(spender).compareTo(new BigDecimal(BUDGET)) >= 0 && count(spender, "RUNNING") == 0);
        int spenderDone = count(spender, "DONE");
        // claims keep running on both nodes; none takes the spender's tasks
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> count(spender, "DONE") == spenderDone && count(spender, "PENDING") == 12 - spenderDone);

        BigDecimal perAttempt = dsl.fetchSingle("SELECT max(cost_usd) FROM persona_task_attempts").get(0, BigDecimal.class);
        LoggerFactory.getLogger(PersonaBudgetTest.class).info("BUDGET spender spent {} of {} in {} tasks (an attempt "
                + "costs up to {}), {} tasks left pending; thrifty spent {} in 2 tasks; {} Gemini calls",
                spent(spender), BUDGET, spenderDone, perAttempt, count(spender, "PENDING"), spent(thrifty),
                simulator.generateRequests().size());
        assertThat(perAttempt).as("a comment costs a few cents at these prices").isBetween(new BigDecimal("0.005"),
                new BigDecimal("0.09"));
        assertThat(spent(spender)).as("over the budget by at most one attempt")
                .isLessThan(new BigDecimal(BUDGET).add(perAttempt));
        assertThat(spent(spender)).isEqualByComparingTo(dsl.fetchSingle("SELECT sum(a.cost_usd) FROM persona_task_attempts a "
                + "JOIN persona_tasks t ON t.id = a.task_id WHERE t.persona_id = " + spender).get(0, BigDecimal.class));
        assertThat(simulator.generateRequests()).as("no Gemini call for a task that could not be paid")
                .hasSize(spenderDone + 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> nodes.get(0).metrics().scrape()
                .contains("persona_engine_budget_exhausted_personas{node=\"node-a\"} 1.0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.list.stream().anyMatch(e -> e.getFormattedMessage()
                .startsWith("persona " + spender + " (Spender) spent $")
                && e.getFormattedMessage().contains("PERSONA_BUDGET_USD_PER_DAY is $0.1: its tasks wait until midnight "
                        + "in Los Angeles")));
        String stats = stats();
        assertThat(stats).contains("per persona budget: PERSONA_BUDGET_USD_PER_DAY $0.1")
                .containsPattern("persona " + spender + " \\(Spender\\): \\$0\\.1\\d* in " + spenderDone
                        + " attempts - SPENT: its tasks wait until midnight in Los Angeles")
                .containsPattern("persona " + thrifty + " \\(Thrifty\\): \\$0\\.0\\d+ in 2 attempts\\n");

        // the next day in Los Angeles: the spender's tasks run again
        dsl.execute("UPDATE gemini_spend SET day = day - 1");
        await().atMost(Duration.ofSeconds(15)).until(() -> count(spender, "DONE") > spenderDone);
    }

    private int count(long persona, String status) {
        return dsl.fetchCount(DSL.table("persona_tasks"), DSL.condition("persona_id = " + persona + " AND status = '"
                + status + "'"));
    }

    private BigDecimal spent(long persona) {
        return dsl.fetchOptional("SELECT spent_usd FROM gemini_spend WHERE persona_id = " + persona)
                .map(r -> r.get(0, BigDecimal.class)).orElse(BigDecimal.ZERO);
    }

    private String stats() throws Exception {
        var database = db.databaseConfig();
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "DB_URL=" + database.jdbcUrl() + "\nDB_USER=" + database.user() + "\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("stats", "--config", config.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
