package io.personaengine.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.store.OperatorPauses;
import io.personaengine.store.QueueStatistics;
import io.personaengine.store.StatusQueries;
import io.personaengine.store.StatusQueries.Attempt;
import io.personaengine.store.StatusQueries.QueueCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Rendering alone, from a status made up here: every value from the database is escaped and scrubbed. */
class StatusPageTest {

    private static final String HOSTILE = "<img src=x onerror=alert(1)>\"'&";
    private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
    private static final Instant NOW = Instant.parse("2026-05-04T10:00:00Z");
    private static final String SECRET = "hunter2-secret";

    private final StatusPage page = new StatusPage("node-a", 60, Duration.ofSeconds(10), DSL.using(SQLDialect.POSTGRES),
            Secrets.of(List.of(SECRET)));

    private StatusPage.Status status(List<StatusQueries.Node> nodes, List<Attempt> attempts) {
        return new StatusPage.Status(NOW, nodes,
                List.of(new QueueCount("COMMENT", "PENDING", 3), new QueueCount("VOTE", "DONE", 7)),
                NOW.minusSeconds(42),
                List.of(new OperatorPauses.Pause("type", "VOTE", NOW, HOSTILE), new OperatorPauses.Pause("runner",
                        "task-runner", null, null)),
                12, Map.of("gemini-x", new QueueStatistics.Pause(Duration.ofSeconds(20), HOSTILE)), attempts);
    }

    @Test
    void everyValueFromTheDatabaseIsEscaped() {
        String html = page.html(status(
                List.of(new StatusQueries.Node(HOSTILE, NOW, NOW, Duration.ZERO)),
                List.of(new Attempt(1, 2, "COMMENT", 7, HOSTILE, HOSTILE, NOW, NOW, "FAILED", HOSTILE))));

        assertThat(html).doesNotContain("<img", "\"'&").contains(ESCAPED);
        assertThat(html.split(Pattern.quote(ESCAPED), -1)).as("node, pause, paused model, persona, attempt node, error").hasSize(7);
    }

    @Test
    void showsTheDaysSpendAndASpentBudget() {
        var spending = new io.personaengine.store.Spending(new java.math.BigDecimal("5"), new java.math.BigDecimal("0.5"),
                new java.math.BigDecimal("0.1"), null, null);
        var today = new io.personaengine.store.DailySpend.Report(java.time.LocalDate.of(2026, 5, 4),
                new java.math.BigDecimal("5.0123"), spending,
                List.of(new io.personaengine.store.DailySpend.PersonaSpend(7, HOSTILE, new java.math.BigDecimal("0.6"), 9)),
                List.of(), Duration.ofMinutes(303));
        StatusPage priced = new StatusPage("node-a", () -> 60, () -> today, Duration.ofSeconds(10),
                DSL.using(SQLDialect.POSTGRES), Secrets.of(List.of(SECRET)));

        String html = priced.html(status(List.of(), List.of()));

        assertThat(html).contains("<p id=\"gemini-spend\">Spent today (2026-05-04, Los Angeles): <strong>$5.0123</strong> "
                + "of BUDGET_USD_PER_DAY $5 <span class=\"error\">spent: no task is claimed until midnight in Los "
                + "Angeles, in 5 h 03 min</span>; personas waiting for the next day: 1</p>");
        assertThat(page.html(status(List.of(), List.of()))).as("nothing priced: no spend line")
                .doesNotContain("gemini-spend");
    }

    @Test
    void showsTheQueueWithZerosThePausesAndTheGeminiWindow() {
        String html = page.html(status(List.of(), List.of()));

        assertThat(html).contains("<tr><td>COMMENT</td><td class=\"n\">3</td><td class=\"n\">0</td>",
                "<tr><td>VOTE</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">7</td>",
                "<tr><td>IMAGE_POST</td><td class=\"n\">0</td>", "<li>runner</li>", "<li>type VOTE since 2026-05-04",
                "<strong>12</strong>; the cluster's limit per model: 60", "no node has a heartbeat", "no attempt yet",
                "<meta http-equiv=\"refresh\" content=\"5\">",
                "DONE and FAILED: every finished task still kept (TASK_RETENTION), read at 2026-05-04 09:59:18Z");
    }

    @Test
    void aNodeWhoseHeartbeatIsOlderThanTheNodeTimeoutIsStaleAndThisNodeIsMarked() {
        String html = page.html(status(List.of(new StatusQueries.Node("node-a", NOW, NOW, Duration.ofSeconds(1)),
                new StatusQueries.Node("node-b", NOW, NOW, Duration.ofSeconds(45))), List.of()));

        assertThat(html).contains("node-a <span class=\"muted\">(this node)</span>", "<td class=\"n\">1.0 s</td>",
                "<td class=\"n down\">stale, 45 s</td>");
    }

    @Test
    void aConfiguredSecretNeverLeavesThePage() {
        String html = page.html(status(List.of(), List.of(new Attempt(1, 1, "POST", 7, "ana", "node-a", NOW, null,
                null, "key " + SECRET + " refused; jdbc:postgresql://db/forum?password=url-only-pw failed"))));

        assertThat(html).doesNotContain(SECRET, "url-only-pw")
                .contains("key **** refused", "password=****", "<td>running</td>");
    }

    @Test
    void aSecretAcrossTheCutOfALongErrorLeavesNoPart() {
        for (int kept = 4; kept < SECRET.length(); kept++) { // the cut keeps MAX_ERROR - 1 characters
            String error = "x".repeat(StatusPage.MAX_ERROR - 1 - kept) + SECRET + " refused";
            String html = page.html(status(List.of(), List.of(new Attempt(1, 1, "POST", 7, "ana", "node-a", NOW,
                    NOW, "FAILED", error))));

            assertThat(html).as("%d characters of the secret before the cut", kept)
                    .doesNotContain(SECRET.substring(0, kept)).contains("x****");
        }
    }

    @Test
    void theUnavailablePageEscapesItsReason() {
        assertThat(page.unavailable("FATAL: " + HOSTILE)).contains("Status unavailable: FATAL: " + ESCAPED)
                .doesNotContain("<img");
    }

    @Test
    void controlCharactersAreReplaced() {
        assertThat(Html.escape("a\u0000b\u001bc\td\ne\u007f")).isEqualTo("a\uFFFDb\uFFFDc\td\ne\uFFFD");
        assertThat(Html.escape(null)).isEmpty();
    }
}
