package io.personaengine.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.personaengine.store.testing.TestDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end on the test database and its own simulator, as a pipe sees it: progress lines
 * and a summary on stdout, every log line in the log file.
 */
class DemoCommandTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    @TempDir
    Path dir;

    @Test
    void onAPipeTheDemoPrintsProgressLinesAndASummaryAndKeepsLogsInTheFile() throws Exception {
        assumeTrue(unset("GEMINI_API_KEY") && unset("GEMINI_BASE_URL"),
                "the demo would call the Gemini configured in the environment");
        Path config = dir.resolve("demo.properties");
        Files.writeString(config, "DB_URL=" + db.jdbcUrl() + "\nDB_USER=" + db.databaseConfig().user() + "\n");
        Path logFile = dir.resolve("logs/demo.log");

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.execute("demo", "--config", config.toString(), "--duration", "3s", "--log-file",
                    logFile.toString());
        } finally {
            System.setOut(original);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertThat(exit).as(out).isZero();
        assertThat(lines.get(0)).isEqualTo("Logs go to " + logFile);
        assertThat(lines).filteredOn(line -> line.matches("\\[ {0,3}\\d+s] tasks: \\d+ pending, \\d+ running, \\d+ done, "
                + "\\d+ failed \\| Gemini \\d+/60 calls in the last minute \\| \\d+:\\d\\d left"))
                .as("one when the view starts, one at the end").hasSizeGreaterThanOrEqualTo(2);
        assertThat(out).contains("== summary ==", "Latest published:", "Logs: " + logFile)
                .doesNotContain("\u001b");
        assertThat(lines).as("no log line on the console").noneMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
        assertThat(Files.readString(logFile)).contains("node demo-node-1 joined the cluster", "Gemini simulator stopped");
    }

    private static boolean unset(String key) {
        String value = System.getenv(key);
        return value == null || value.isBlank(); // blank counts as unset, as the build sets them for tests
    }
}
