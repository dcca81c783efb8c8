package io.personaengine.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.NodeHeartbeats;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands against a real database, through the same entry point as the jar. */
class CommandLineTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    @TempDir
    static Path dir;

    private static Path config;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void seed() throws Exception {
        var database = db.databaseConfig();
        config = dir.resolve("node.properties");
        Files.writeString(config, "DB_URL=" + database.jdbcUrl() + "\nDB_USER=" + database.user() + "\n");
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        ForumAdmin forum = new ForumAdmin(dsl);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        long ana = forum.persona("ana", "Ana", "warm", List.of("cooking"), false);
        long maria = forum.user("maria");
        long eggs = forum.post(board, maria, "Eggs?", "Which pan?", List.of("cooking"));
        long knives = forum.post(board, maria, "Knives?", "Which stone?", List.of("cooking"));
        JooqTaskStore store = new JooqTaskStore(dsl);
        store.schedule(List.of(NewTask.comment(ana, eggs, Duration.ZERO, 3), NewTask.comment(ana, knives, Duration.ZERO, 3)));
        List<ClaimedTask> claimed = store.claimDue("node-a", 2, Duration.ofMinutes(1)).tasks();
        store.complete(claimed.get(0), new Effect.PublishComment(claimed.get(0).requirePostId(), null, "Steel."),
                Usage.NONE);
        store.fail(claimed.get(1), "REFUSED: Gemini: HTTP 400 INVALID_ARGUMENT", Usage.NONE);
        new NodeHeartbeats(dsl).beat("node-a");
        new JooqCallLedger(dsl, "node-a", 60).coolDown("gemini-3.5-flash-lite", Duration.ofMinutes(1),
                "Gemini refuses the key or the model: HTTP 401 UNAUTHENTICATED");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void tasksFiltersTheHistoryAndSpeaksJson() throws Exception {
        Run failed = run("tasks", "--config", config.toString(), "--status", "failed", "--json");

        assertThat(failed.exit()).isZero();
        JsonNode rows = json.readTree(failed.out());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(rows.get(0).get("error_message").asText()).startsWith("REFUSED");
        assertThat(rows.get(0).get("attempt_count").asInt()).isEqualTo(1);
    }

    @Test
    void tasksPrintsATableNewestFirst() {
        Run table = run("tasks", "--config", config.toString(), "--type", "COMMENT", "--since", "1h");

        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().skip(1).toList().get(0)).contains("FAILED", "REFUSED");
        assertThat(table.out().lines().skip(2).toList().get(0)).contains("DONE");
    }

    @Test
    void tasksSaysOnStderrWhenSinceReachesBackPastTheRetention() throws Exception {
        Run within = run("tasks", "--config", config.toString(), "--since", "30d");
        Run past = run("tasks", "--config", config.toString(), "--since", "31d", "--json");
        Path shortRetention = dir.resolve("short-retention.properties");
        Files.writeString(shortRetention, Files.readString(config) + "TASK_RETENTION=2d\n");
        Run pastShort = run("tasks", "--config", shortRetention.toString(), "--since", "49h");

        assertThat(within.exit()).isZero();
        assertThat(within.err()).doesNotContain("note:");
        assertThat(past.exit()).isZero();
        assertThat(past.err()).matches("note: finished tasks older than 30d \\(TASK_RETENTION\\) have been deleted; "
                + "history before \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ is incomplete\\R");
        assertThat(json.readTree(past.out())).as("stdout stays JSON").hasSize(2);
        assertThat(pastShort.err()).contains("older than 2d (TASK_RETENTION)");
        assertThat(pastShort.out().lines()).hasSize(3);
    }

    @Test
    void theRetentionNoteNamesTheHorizonInUtcToTheMinute() {
        assertThat(TasksCommand.retentionNote(java.time.Duration.ofDays(30),
                java.time.Instant.parse("2026-12-02T06:00:41Z"))).isEqualTo("note: finished tasks older than 30d "
                        + "(TASK_RETENTION) have been deleted; history before 2026-11-02T06:00Z is incomplete");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run("tasks", "--config", config.toString(), "--type", "LIKE").exit()).isEqualTo(2);
        assertThat(run("tasks", "--config", config.toString(), "--since", "yesterday").exit()).isEqualTo(2);
        assertThat(run("tasks", "--config", config.toString(), "--limit", "0").exit()).isEqualTo(2);
        assertThat(run("stats", "--bogus").exit()).isEqualTo(2);
    }

    @Test
    void statsShowsHeartbeatsOnTheDatabaseClockAndWhyAModelIsPaused() throws Exception {
        Run stats = run("stats", "--config", config.toString());

        assertThat(stats.exit()).isZero();
        assertThat(stats.out()).containsPattern("node-a: heartbeat \\d+s ago")
                .containsPattern("gemini-3.5-flash-lite: \\d+s left: Gemini refuses the key or the model: HTTP 401");
    }

    @Test
    void statsShowsTheQueueTheBudgetAndFailuresByReason() throws Exception {
        Run stats = run("stats", "--config", config.toString(), "--json");

        assertThat(stats.exit()).isZero();
        JsonNode figures = json.readTree(stats.out());
        assertThat(figures.get("tasks_by_type_and_status").get("COMMENT DONE").asInt()).isEqualTo(1);
        assertThat(figures.get("tasks_by_type_and_status").get("COMMENT FAILED").asInt()).isEqualTo(1);
        assertThat(figures.get("gemini_max_calls_per_minute").asInt()).isEqualTo(60);
        assertThat(figures.get("gemini_calls_last_minute").asInt()).isZero();
        assertThat(figures.get("oldest_due_lag").asText()).isEqualTo("none due");
        assertThat(figures.get("failures_last_24h_by_reason").get("REFUSED: Gemini: HTTP 400 INVALID_ARGUMENT").asInt())
                .isEqualTo(1);
    }

    @Test
    void limitsShowsTheClusterLimitsAndSetChangesThem() {
        assertThat(run("limits", "--config", config.toString()).out()).contains("no limits yet");
        new io.personaengine.store.GeminiLimits(DSL.using(db.dataSource(), SQLDialect.POSTGRES))
                .seed(io.personaengine.store.GeminiLimits.Values.calls(60), "seed:node-a");

        Run set = run("limits", "set", "GEMINI_MAX_TOKENS_PER_MINUTE=250000", "GEMINI_MAX_CALLS_PER_DAY=none",
                "--config", config.toString());

        assertThat(set.exit()).isZero();
        assertThat(set.out()).contains("GEMINI_MAX_TOKENS_PER_MINUTE: none -> 250000 (every node applies it within a heartbeat)");
        Run shown = run("limits", "--config", config.toString());
        assertThat(shown.out()).containsPattern("GEMINI_MAX_CALLS_PER_MINUTE\\s+60\\s+set .* by seed:node-a")
                .containsPattern("GEMINI_MAX_TOKENS_PER_MINUTE\\s+250000\\s+set .* by cli:");
        assertThat(run("stats", "--config", config.toString()).out())
                .containsPattern("gemini-3.5-flash-lite: calls \\d+/60 a minute, input tokens \\d+/250000 a minute, "
                        + "calls today \\d+/no limit");
        assertThat(run("limits", "set", "GEMINI_MAX_CALLS_PER_MINUTE=45", "--config", config.toString()).exit()).isZero();
        assertThat(run("stats", "--config", config.toString()).out()).as("the cluster's limit, not this configuration's")
                .contains("gemini max calls per minute: 45");
        run("limits", "set", "GEMINI_MAX_CALLS_PER_MINUTE=60", "--config", config.toString()); // as the other tests expect
        assertThat(run("limits", "set", "GEMINI_MAX_CALLS_PER_MINUTE=none", "--config", config.toString()).exit())
                .isEqualTo(2);
        assertThat(run("limits", "set", "RPM=5", "--config", config.toString()).exit()).isEqualTo(2);
        assertThat(run("limits", "set", "GEMINI_MAX_CALLS_PER_DAY=0", "--config", config.toString()).exit()).isEqualTo(2);
        assertThat(run("limits", "set", "GEMINI_MAX_CALLS_PER_DAY", "--config", config.toString()).exit()).isEqualTo(2);
    }

    @Test
    void limitsSetTakesPricesAndBudgetsInDollarsAndWarnsOfABudgetWithoutPrices() {
        new io.personaengine.store.GeminiLimits(DSL.using(db.dataSource(), SQLDialect.POSTGRES))
                .seed(io.personaengine.store.GeminiLimits.Values.calls(60), "seed:node-a");

        Run unpriced = run("limits", "set", "PERSONA_BUDGET_USD_PER_DAY=0.50", "--config", config.toString());
        assertThat(unpriced.exit()).isZero();
        assertThat(unpriced.err()).contains("no GEMINI_PRICE_* key is");
        Run priced = run("limits", "set", "GEMINI_PRICE_INPUT_PER_M=0.10", "GEMINI_PRICE_OUTPUT_PER_M=0.4",
                "GEMINI_PRICE_PER_IMAGE=0", "BUDGET_USD_PER_DAY=25", "--config", config.toString());
        assertThat(priced.exit()).isZero();
        assertThat(priced.err()).isEmpty();
        assertThat(priced.out()).contains("BUDGET_USD_PER_DAY: none -> 25 (every node applies it within a heartbeat)");
        assertThat(run("limits", "--config", config.toString()).out())
                .containsPattern("PERSONA_BUDGET_USD_PER_DAY\\s+0\\.5\\s+set .* by cli:")
                .containsPattern("GEMINI_PRICE_PER_IMAGE\\s+0\\s+set");
        assertThat(run("stats", "--config", config.toString()).out())
                .contains("prices: input $0.1/M tokens, output $0.4/M tokens, image $0")
                .containsPattern("cluster: \\$\\d+(\\.\\d+)? of BUDGET_USD_PER_DAY \\$25\\n");
        Run zero = run("limits", "set", "BUDGET_USD_PER_DAY=0", "--config", config.toString());
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("BUDGET_USD_PER_DAY=0: expected US dollars above 0");
        assertThat(run("limits", "set", "GEMINI_PRICE_INPUT_PER_M=-1", "--config", config.toString()).exit()).isEqualTo(2);
        assertThat(run("limits", "set", "GEMINI_PRICE_INPUT_PER_M=ten", "--config", config.toString()).exit()).isEqualTo(2);
        for (String key : List.of("BUDGET_USD_PER_DAY", "PERSONA_BUDGET_USD_PER_DAY", "GEMINI_PRICE_INPUT_PER_M",
                "GEMINI_PRICE_OUTPUT_PER_M", "GEMINI_PRICE_PER_IMAGE")) {
            assertThat(run("limits", "set", key + "=none", "--config", config.toString()).exit()).isZero();
        }
    }

    @Test
    void runRefusesToStartWithoutAKeyOrABaseUrl() {
        assertThat(run("run", "--config", config.toString()).exit()).isEqualTo(2);
    }
}
