package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaengine.core.runner.TaskMdc;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** LOG_FORMAT through the test JVM's real logback console appender, captured on stdout and stderr. */
class LogFormatTest {

    private static final Logger log = LoggerFactory.getLogger("io.personaengine.test.LogFormat");

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @TempDir
    Path dir;

    @BeforeEach
    void captureTheConsole() {
        out = System.out;
        err = System.err;
        PrintStream captured = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
    }

    @AfterEach
    void restore() {
        LogFormat.apply("text");
        MDC.clear();
        System.setOut(out);
        System.setErr(err);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheTasksKeysAndTheException() throws Exception {
        LogFormat.apply("json");
        MDC.put(TaskMdc.TASK, "42");
        MDC.put(TaskMdc.TASK_TYPE, "COMMENT");
        MDC.put(TaskMdc.PERSONA, "7");
        MDC.put(TaskMdc.NODE, "node-a");
        log.warn("handler said {}", "\"no\"\nand a second line \u001b[2J",
                new IllegalStateException("boom\nline two", new RuntimeException("cause")));
        MDC.clear();
        log.info("between tasks");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("loggerName").asText()).isEqualTo("io.personaengine.test.LogFormat");
        assertThat(first.get("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("timestamp").asLong()).isPositive();
        assertThat(first.get("formattedMessage").asText()).isEqualTo("handler said \"no\"\nand a second line \u001b[2J");
        assertThat(first.get("mdc").get("task").asText()).isEqualTo("42");
        assertThat(first.get("mdc").get("task_type").asText()).isEqualTo("COMMENT");
        assertThat(first.get("mdc").get("persona").asText()).isEqualTo("7");
        assertThat(first.get("mdc").get("node").asText()).isEqualTo("node-a");
        assertThat(first.get("throwable").get("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(first.get("throwable").get("message").asText()).isEqualTo("boom\nline two");
        assertThat(first.get("throwable").get("cause").get("message").asText()).isEqualTo("cause");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("mdc").size()).as("no task keys between tasks").isZero();
        assertThat(second.get("formattedMessage").asText()).isEqualTo("between tasks");
    }

    @Test
    void textNamesTheTaskCompactlyOnlyWhileOneRunsAndJsonSwitchesBack() {
        LogFormat.apply("json");
        LogFormat.apply("text");
        MDC.put(TaskMdc.TASK, "42");
        MDC.put(TaskMdc.TASK_TYPE, "COMMENT");
        MDC.put(TaskMdc.PERSONA, "7");
        log.info("published");
        MDC.clear();
        log.info("tick");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith(" LogFormat - [task 42 COMMENT persona 7] published").doesNotStartWith("{");
        assertThat(lines.get(1)).endsWith(" LogFormat - tick");
    }

    @Test
    void aRedirectSendsEverythingToTheFileCountsWarningsAndGivesTheConsoleBack() throws Exception {
        Path file = dir.resolve("logs/demo.log");

        try (LogFormat.Redirect redirect = LogFormat.toFile(file, "json")) {
            MDC.put(TaskMdc.TASK, "9");
            log.info("to the file");
            log.warn("careful");
            log.error("broken");
            assertThat(redirect.warnings()).isEqualTo(2);
            assertThat(redirect.errors()).isEqualTo(1);
        }
        MDC.clear();
        log.info("back on the console");

        List<String> written = Files.readAllLines(file);
        assertThat(written).hasSize(3);
        assertThat(json.readTree(written.get(0)).get("mdc").get("task").asText()).isEqualTo("9");
        assertThat(lines()).singleElement().asString().endsWith("back on the console");
    }

    @Test
    void aTextRedirectKeepsTheConsolePattern() throws Exception {
        Path file = dir.resolve("demo.log");
        LogFormat.Redirect redirect = LogFormat.toFile(file, "text");
        MDC.put(TaskMdc.TASK, "5");
        log.info("plain");
        redirect.close();

        assertThat(Files.readAllLines(file)).singleElement().asString().endsWith(" LogFormat - [task 5] plain");
        assertThat(lines()).isEmpty();
    }

    @Test
    void theShippedLogbackXmlUsesTheSamePatternAndRegistersTheConverter() throws Exception {
        try (InputStream xml = LogFormat.class.getResourceAsStream("/logback.xml")) {
            String text = new String(xml.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("<pattern>" + LogFormat.TEXT_PATTERN + "</pattern>")
                    .contains("converterClass=\"" + TaskLogConverter.class.getName() + "\"");
        }
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        assertThatThrownBy(() -> LogFormat.apply("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LOG_FORMAT must be text or json, got 'xml'");
    }

    private List<String> lines() {
        return console.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
