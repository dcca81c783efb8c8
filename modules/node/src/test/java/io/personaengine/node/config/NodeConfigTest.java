package io.personaengine.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

    @TempDir
    Path dir;

    @Test
    void theExampleConfigurationInOpsIsValid() {
        NodeConfig example = NodeConfig.load(Map.of(), Path.of("../../ops/persona-engine.properties"));

        assertThat(example.get(ConfigKeys.TASK_RETENTION)).isEqualTo(Duration.ofDays(30));
        assertThat(example.get(ConfigKeys.LOG_FORMAT)).isEqualTo("text");
        assertThat(example.optional(ConfigKeys.HTTP_PORT)).contains(8080);
    }

    @Test
    void unknownLogFormatsAreRefused() {
        assertThatThrownBy(() -> NodeConfig.of(Map.of("LOG_FORMAT", "xml")).get(ConfigKeys.LOG_FORMAT))
                .hasMessageContaining("LOG_FORMAT").hasMessageContaining("text or json");
    }

    @Test
    void defaultsFollowTheContract() {
        NodeConfig config = NodeConfig.of(Map.of());

        assertThat(config.optional(ConfigKeys.DB_URL)).isEmpty();
        assertThat(config.get(ConfigKeys.DB_USER)).isEqualTo("postgres");
        assertThat(config.get(ConfigKeys.DB_POOL_SIZE)).isEqualTo(10);
        assertThat(config.get(ConfigKeys.SCHEDULER_INTERVAL_MS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.get(ConfigKeys.MAX_TASKS_PER_TICK)).isEqualTo(50);
        assertThat(config.get(ConfigKeys.MAX_CONCURRENT_TASKS)).isEqualTo(8);
        assertThat(config.get(ConfigKeys.RETRY_BACKOFF)).isEqualTo(
                new DurationRange(Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThat(config.get(ConfigKeys.DELAY_COMMENT)).isEqualTo(
                new DurationRange(Duration.ofMinutes(15), Duration.ofHours(2)));
        assertThat(config.get(ConfigKeys.GEMINI_MAX_CALLS_PER_MINUTE)).isEqualTo(60);
        assertThat(config.get(ConfigKeys.GEMINI_BASE_URL)).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(config.get(ConfigKeys.TASK_RETENTION)).isEqualTo(Duration.ofDays(30));
        assertThat(config.get(ConfigKeys.LOG_FORMAT)).isEqualTo("text");
    }

    @Test
    void everyBadKeyIsReportedAtOnceWithTheValuesItAccepts() {
        assertThatThrownBy(() -> NodeConfig.of(Map.of(
                        "MAX_CONCURRENT_TASKS", "many",
                        "DELAY_COMMENT", "2h..15m",
                        "SCHEDULER_INTERVAL_MS", "10",
                        "TASK_RETENTION", "12h",
                        "DB_URL", "mysql://localhost")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(p -> assertThat(p).startsWith("TASK_RETENTION='12h'").contains("from 1d"))
                        .anySatisfy(p -> assertThat(p).startsWith("MAX_CONCURRENT_TASKS='many'")
                                .contains("a whole number from 1 to 1000"))
                        .anySatisfy(p -> assertThat(p).startsWith("DELAY_COMMENT='2h..15m'").contains("MIN <= MAX"))
                        .anySatisfy(p -> assertThat(p).startsWith("SCHEDULER_INTERVAL_MS='10'")
                                .contains("milliseconds from 100"))
                        .anySatisfy(p -> assertThat(p).startsWith("DB_URL=").contains("PostgreSQL JDBC URL")));
    }

    @Test
    void secretsNeverAppearInErrorsOrInTheEffectiveConfiguration() {
        NodeConfig config = NodeConfig.of(Map.of("GEMINI_API_KEY", "AIzaSECRET123", "DB_PASSWORD", "hunter2"));

        assertThat(String.join("\n", config.describe()))
                .doesNotContain("AIzaSECRET123").doesNotContain("hunter2")
                .contains("GEMINI_API_KEY=**** (environment)", "DB_PASSWORD=**** (environment)");
        assertThatThrownBy(() -> NodeConfig.of(Map.of("GEMINI_API_KEY", "   ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GEMINI_API_KEY=(secret, 3 chars)");
    }

    @Test
    void theEnvironmentWinsOverTheFileWhichWinsOverDefaults() throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "MAX_RETRIES=5\nCOMMENTS_PER_POST=4\n");

        NodeConfig config = NodeConfig.load(Map.of("MAX_RETRIES", "7", "PATH", "/usr/bin"), file);

        assertThat(config.get(ConfigKeys.MAX_RETRIES)).isEqualTo(7);
        assertThat(config.get(ConfigKeys.COMMENTS_PER_POST)).isEqualTo(4);
        assertThat(config.get(ConfigKeys.POSTS_PER_DAY)).isEqualTo(10);
        assertThat(config.describe()).contains("COMMENTS_PER_POST=4 (" + file + ")");
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNotSilentlyIgnored() throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "MAX_RETRYS=5\n");

        assertThatThrownBy(() -> NodeConfig.load(Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_RETRYS")
                .hasMessageContaining("unknown key");
    }

    @Test
    void durationsAcceptTheContractsUnits() {
        NodeConfig config = NodeConfig.of(Map.of("SCHEDULER_INTERVAL_MS", "500ms", "RETRY_BACKOFF", "30s..2h",
                "DELAY_VOTE", "1m..30m"));

        assertThat(config.get(ConfigKeys.SCHEDULER_INTERVAL_MS)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.get(ConfigKeys.RETRY_BACKOFF).min()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.with(Map.of()).get(ConfigKeys.DELAY_VOTE)).isEqualTo(config.get(ConfigKeys.DELAY_VOTE));
    }

    @Test
    void anEmptyValueMeansNotSetAndFallsThroughToTheFileOrTheDefault() throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "MAX_RETRIES=5\n");

        NodeConfig config = NodeConfig.load(Map.of("MAX_RETRIES", "", "GEMINI_BASE_URL", "", "DB_URL", ""), file);

        assertThat(config.get(ConfigKeys.MAX_RETRIES)).isEqualTo(5);
        assertThat(config.get(ConfigKeys.GEMINI_BASE_URL)).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(config.optional(ConfigKeys.DB_URL)).isEmpty();
        assertThat(config.isSet(ConfigKeys.GEMINI_BASE_URL)).isFalse();
    }

    @Test
    void aPasswordInsideTheDatabaseUrlIsMaskedToo() {
        NodeConfig config = NodeConfig.of(Map.of(
                "DB_URL", "jdbc:postgresql://forum:hunter2@db:5432/forum?sslmode=require&password=s3cret"));

        assertThat(String.join("\n", config.describe()))
                .doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("DB_URL=jdbc:postgresql://forum:****@db:5432/forum?sslmode=require&password=****");
    }
}
