package io.personaengine.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.store.QueueStatistics.Published;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's view as a pure function of a snapshot: no terminal, no database, no clock. */
class DemoViewTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-02T06:00:00Z");
    private static final String HOSTILE = "Nice pan\u001b[2J\u001b[H\u009b31m\r\nrm -rf\u0007 \u202egnp.exe\u0000 ok";

    private static DemoView.Snapshot snapshot(long seconds, List<Published> latest) {
        return new DemoView.Snapshot(Duration.ofSeconds(seconds), Duration.ofSeconds(60), 2,
                Map.of("COMMENT PENDING", 3, "COMMENT RUNNING", 1, "COMMENT DONE", 12, "REPLY DONE", 4,
                        "REPLY FAILED", 1, "VOTE PENDING", 2, "VOTE DONE", 9),
                34, 60, latest, "posted \"Compost too wet\"", 2, 0, "/tmp/demo.log");
    }

    private static Published comment(long id, String author, String text) {
        return new Published("comment", id, author, text, AT);
    }

    @Test
    void theTableShowsTheQueueByTypeAndStatusTheBudgetTimeAndLatestTexts() {
        List<String> lines = DemoView.table(snapshot(42, List.of(
                new Published("reply", 12, "Ana the Chef", "Cast iron, but season it well.", AT),
                new Published("post", 3, "Ben Bakes", "Hydration at 80 %", AT))), 100);

        assertThat(lines).containsExactly(
                "Persona Engine demo: 2 nodes, 0:42 elapsed, 0:18 left",
                "",
                "  TYPE        PENDING  RUNNING     DONE   FAILED",
                "  COMMENT           3        1       12        0",
                "  REPLY             0        0        4        1",
                "  VOTE              2        0        9        0",
                "  POST              0        0        0        0",
                "  IMAGE_POST        0        0        0        0",
                "  all               5        1       25        1",
                "",
                "  Gemini calls in the last minute: [###########---------] 34 of 60",
                "  humans: posted \"Compost too wet\"",
                "  logs: /tmp/demo.log (2 warning(s), 0 error(s))",
                "",
                "  Latest published",
                "    Ana the Chef     reply      Cast iron, but season it well.",
                "    Ben Bakes        post       Hydration at 80 %");
    }

    @Test
    void longTextsAreCutToTheWidthWithAnEllipsisAndNothingYetIsSaid() {
        List<String> lines = DemoView.table(snapshot(5, List.of(comment(1, "A persona with a very long display name",
                "word ".repeat(100)))), 60);

        assertThat(lines).allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(60));
        assertThat(lines.get(lines.size() - 1)).startsWith("    A persona with … comment    word word").endsWith("…")
                .hasSize(60);
        assertThat(DemoView.table(snapshot(5, List.of()), 80)).endsWith("  Latest published", "    nothing yet");
        assertThat(DemoView.clip("😀😀😀😀", 3)).as("cut between code points, not inside one").isEqualTo("😀😀…");
    }

    @Test
    void forumContentCannotMoveTheCursorClearTheScreenOrReorderTheLine() {
        List<String> lines = DemoView.table(snapshot(5, List.of(comment(1, "Ev\u001b[1Ail", HOSTILE))), 200);
        String progress = DemoView.progress(snapshot(5, List.of()));

        assertThat(String.join("\n", lines) + progress).doesNotContain("\u001b", "\u009b", "\r", "\u0007", "\u0000",
                "\u202e");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("    Ev[1Ail          comment    Nice pan[2J[H31m rm -rf gnp.exe ok");
        assertThat(DemoView.oneLine(" a\t\tb \n\n c\u00a0d ")).isEqualTo("a b c d");
    }

    @Test
    void plainOutputPrintsAProgressLineEveryFewSecondsAndEachNewTextOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoView.Plain plain = new DemoView.Plain(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(5));
        Published earlier = comment(1, "Rui", "From a run before this one.");
        Published first = comment(2, "Ana the Chef", "Carbon steel.");
        Published second = new Published("reply", 2, "Gus", "Turn it weekly.", AT);

        plain.show(snapshot(1, List.of(earlier)));
        plain.show(snapshot(2, List.of(first, earlier)));
        plain.show(snapshot(5, List.of(first, earlier)));
        plain.show(snapshot(6, List.of(second, first, earlier)));
        plain.show(snapshot(11, List.of(second, first, earlier)));
        plain.finish(snapshot(12, List.of(second, first, earlier)));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "humans: posted \"Compost too wet\"",
                "[   1s] tasks: 5 pending, 1 running, 25 done, 1 failed | Gemini 34/60 calls in the last minute | 0:59 left",
                "  + Ana the Chef     comment    Carbon steel.",
                "  + Gus              reply      Turn it weekly.",
                "[   6s] tasks: 5 pending, 1 running, 25 done, 1 failed | Gemini 34/60 calls in the last minute | 0:54 left",
                "[  11s] tasks: 5 pending, 1 running, 25 done, 1 failed | Gemini 34/60 calls in the last minute | 0:49 left",
                "[  12s] tasks: 5 pending, 1 running, 25 done, 1 failed | Gemini 34/60 calls in the last minute | 0:48 left");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b");
    }

    @Test
    void theTerminalRedrawsTheFrameInPlaceAndGivesAutowrapAndTheCursorBack() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int height = DemoView.table(snapshot(1, List.of()), 80).size();
        try (DemoView.Tty tty = new DemoView.Tty(new PrintStream(bytes, true, StandardCharsets.UTF_8), 80)) {
            tty.show(snapshot(1, List.of()));
            tty.finish(snapshot(2, List.of()));
        }

        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written).startsWith("\u001b[?7l\u001b[?25l\u001b[J" + "Persona Engine demo: 2 nodes, 0:01 elapsed")
                .contains("\r\u001b[" + height + "A\u001b[JPersona Engine demo: 2 nodes, 0:02 elapsed")
                .endsWith("\u001b[?7h\u001b[?25h");
    }

    @Test
    void clockAndBar() {
        assertThat(DemoView.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
        assertThat(DemoView.clock(Duration.ofSeconds(-5))).isEqualTo("0:00");
        assertThat(DemoView.bar(90, 60, 10)).isEqualTo("[##########]");
        assertThat(DemoView.bar(0, 60, 4)).isEqualTo("[----]");
    }
}
