package io.personaengine.node.config;

import java.net.URI;
import io.personaengine.store.GeminiLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Every configuration key a node reads, with its default; the README's configuration table lists them. */
public final class ConfigKeys {

    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,99}");

    public static final Setting<String> DB_URL = new Setting<>("DB_URL", null, ConfigKeys::jdbcUrl,
            "a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/forum (unset: embedded PostgreSQL)", false);
    public static final Setting<String> DB_USER = Setting.text("DB_USER", "postgres", false);
    public static final Setting<String> DB_PASSWORD = new Setting<>("DB_PASSWORD", "", t -> t,
            "any text", true);
    public static final Setting<Integer> DB_POOL_SIZE = Setting.integer("DB_POOL_SIZE", 10, 2, 500);
    public static final Setting<String> NODE_ID = new Setting<>("NODE_ID", "AUTO", ConfigKeys::nodeId,
            "AUTO or 1-100 letters, digits, '.', '_' or '-'", false);
    public static final Setting<Duration> SCHEDULER_INTERVAL_MS = new Setting<>("SCHEDULER_INTERVAL_MS", "60000",
            ConfigKeys::interval, "milliseconds from 100 to 86400000, or a duration such as 500ms or 30s", false);
    public static final Setting<Integer> MAX_TASKS_PER_TICK = Setting.integer("MAX_TASKS_PER_TICK", 50, 1, 10_000);
    public static final Setting<Integer> MAX_CONCURRENT_TASKS = Setting.integer("MAX_CONCURRENT_TASKS", 8, 1, 1_000);
    public static final Setting<Integer> MAX_RETRIES = Setting.integer("MAX_RETRIES", 3, 0, 100);
    public static final Setting<DurationRange> RETRY_BACKOFF = new Setting<>("RETRY_BACKOFF", "1m..1h",
            ConfigKeys::backoff, "MIN..MAX durations such as 1m..1h, with 0 < MIN <= MAX", false);
    public static final Setting<Integer> COMMENTS_PER_POST = Setting.integer("COMMENTS_PER_POST", 3, 0, 100);
    public static final Setting<Integer> POSTS_PER_DAY = Setting.integer("POSTS_PER_DAY", 10, 0, 10_000);
    public static final Setting<Integer> IMAGE_POST_ONE_IN_TICKS =
            Setting.integer("IMAGE_POST_ONE_IN_TICKS", 10, 0, 1_000_000);
    public static final Setting<Integer> PERSONA_MAX_ACTIONS_PER_HOUR =
            Setting.integer("PERSONA_MAX_ACTIONS_PER_HOUR", 6, 0, 10_000);
    public static final Setting<Integer> GEMINI_MAX_CALLS_PER_MINUTE =
            Setting.integer("GEMINI_MAX_CALLS_PER_MINUTE", 60, 1, 1_000_000);
    public static final Setting<Integer> GEMINI_MAX_TOKENS_PER_MINUTE = new Setting<>("GEMINI_MAX_TOKENS_PER_MINUTE", null,
            ConfigKeys::positive, "a whole number from 1 to 2000000000 (unset: no limit)", false);
    public static final Setting<Integer> GEMINI_MAX_CALLS_PER_DAY = new Setting<>("GEMINI_MAX_CALLS_PER_DAY", null,
            ConfigKeys::positive, "a whole number from 1 to 2000000000 (unset: no limit)", false);
    public static final Setting<Integer> GEMINI_IMAGE_MAX_CALLS_PER_MINUTE = new Setting<>(
            "GEMINI_IMAGE_MAX_CALLS_PER_MINUTE", null, ConfigKeys::positive,
            "a whole number from 1 to 2000000000 (unset: no limit beyond GEMINI_MAX_CALLS_PER_MINUTE)", false);
    public static final Setting<BigDecimal> BUDGET_USD_PER_DAY = money(GeminiLimits.Key.BUDGET_USD_PER_DAY);
    public static final Setting<BigDecimal> PERSONA_BUDGET_USD_PER_DAY =
            money(GeminiLimits.Key.PERSONA_BUDGET_USD_PER_DAY);
    public static final Setting<BigDecimal> GEMINI_PRICE_INPUT_PER_M = money(GeminiLimits.Key.GEMINI_PRICE_INPUT_PER_M);
    public static final Setting<BigDecimal> GEMINI_PRICE_OUTPUT_PER_M =
            money(GeminiLimits.Key.GEMINI_PRICE_OUTPUT_PER_M);
    public static final Setting<BigDecimal> GEMINI_PRICE_PER_IMAGE = money(GeminiLimits.Key.GEMINI_PRICE_PER_IMAGE);
    public static final Setting<Integer> PICKER_MAX_NEW_TASKS_PER_TICK =
            Setting.integer("PICKER_MAX_NEW_TASKS_PER_TICK", 200, 1, 100_000);
    public static final Setting<DurationRange> DELAY_COMMENT = Setting.range("DELAY_COMMENT", "15m..2h");
    public static final Setting<DurationRange> DELAY_REPLY = Setting.range("DELAY_REPLY", "5m..1h");
    public static final Setting<DurationRange> DELAY_VOTE = Setting.range("DELAY_VOTE", "1m..30m");
    public static final Setting<DurationRange> DELAY_POST = Setting.range("DELAY_POST", "1h..6h");
    public static final Setting<DurationRange> DELAY_IMAGE_POST = Setting.range("DELAY_IMAGE_POST", "2h..8h");
    public static final Setting<String> GEMINI_API_KEY = Setting.text("GEMINI_API_KEY", null, true);
    public static final Setting<String> GEMINI_BASE_URL = new Setting<>("GEMINI_BASE_URL",
            "https://generativelanguage.googleapis.com", ConfigKeys::httpUrl, "an http:// or https:// URL", false);
    public static final Setting<String> GEMINI_MODEL = new Setting<>("GEMINI_MODEL", "gemini-3.5-flash-lite",
            ConfigKeys::modelId, "a Gemini model id such as gemini-3.5-flash-lite (no 'models/' prefix)", false);
    public static final Setting<String> GEMINI_IMAGE_MODEL = new Setting<>("GEMINI_IMAGE_MODEL",
            "gemini-3.1-flash-image", ConfigKeys::modelId,
            "a Gemini image model id such as gemini-3.1-flash-image (no 'models/' prefix)", false);
    public static final Setting<Integer> JMX_PORT = new Setting<>("JMX_PORT", null, ConfigKeys::port,
            "a TCP port from 1 to 65535 (unset: no remote JMX)", false);
    public static final Setting<String> JMX_HOST = Setting.text("JMX_HOST", "127.0.0.1", false);
    public static final Setting<String> JMX_PASSWORD_FILE = Setting.text("JMX_PASSWORD_FILE", null, false);
    public static final Setting<String> JMX_ACCESS_FILE = Setting.text("JMX_ACCESS_FILE", null, false);
    public static final Setting<Integer> HTTP_PORT = new Setting<>("HTTP_PORT", null, ConfigKeys::port,
            "a TCP port from 1 to 65535 (unset: no HTTP endpoint)", false);
    public static final Setting<Duration> CLUSTER_CHECKIN_INTERVAL = new Setting<>("CLUSTER_CHECKIN_INTERVAL", "5s",
            ConfigKeys::checkin, "a duration from 500ms to 10m", false);
    public static final Setting<Duration> TASK_LEASE = new Setting<>("TASK_LEASE", "60s",
            ConfigKeys::lease, "a duration from 1s to 1d", false);
    public static final Setting<Duration> SHUTDOWN_GRACE = new Setting<>("SHUTDOWN_GRACE", "30s",
            ConfigKeys::grace, "a duration from 0s to 10m", false);
    public static final Setting<Duration> HEARTBEAT_INTERVAL = new Setting<>("HEARTBEAT_INTERVAL", "2s",
            ConfigKeys::heartbeat, "a duration from 100ms to 1m", false);
    public static final Setting<Duration> NODE_TIMEOUT = new Setting<>("NODE_TIMEOUT", "10s",
            ConfigKeys::nodeTimeout, "a duration from 1s to 1h, at least three heartbeats", false);
    public static final Setting<Duration> GEMINI_CALL_TIMEOUT = new Setting<>("GEMINI_CALL_TIMEOUT", "90s",
            ConfigKeys::callTimeout, "a duration from 1s to 10m", false);
    public static final Setting<Duration> TASK_RETENTION = new Setting<>("TASK_RETENTION", "30d",
            ConfigKeys::retention, "a duration from 1d to 3650d", false);
    public static final Setting<String> LOG_FORMAT = new Setting<>("LOG_FORMAT", "text", ConfigKeys::logFormat,
            "text or json", false);
    public static final Setting<Integer> MAX_RESCUES = Setting.integer("MAX_RESCUES", 5, 1, 100);
    public static final Setting<String> EMBEDDED_DB_DIR = Setting.text("EMBEDDED_DB_DIR", ".persona-engine/postgres",
            false);

    /** In the order the effective configuration is logged. */
    public static final List<Setting<?>> ALL = List.of(DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, EMBEDDED_DB_DIR,
            NODE_ID, SCHEDULER_INTERVAL_MS, CLUSTER_CHECKIN_INTERVAL, HEARTBEAT_INTERVAL, NODE_TIMEOUT, TASK_LEASE,
            SHUTDOWN_GRACE, MAX_TASKS_PER_TICK, MAX_CONCURRENT_TASKS, MAX_RETRIES, MAX_RESCUES, RETRY_BACKOFF, COMMENTS_PER_POST, POSTS_PER_DAY,
            IMAGE_POST_ONE_IN_TICKS, PERSONA_MAX_ACTIONS_PER_HOUR, GEMINI_MAX_CALLS_PER_MINUTE,
            GEMINI_MAX_TOKENS_PER_MINUTE, GEMINI_MAX_CALLS_PER_DAY, GEMINI_IMAGE_MAX_CALLS_PER_MINUTE,
            BUDGET_USD_PER_DAY, PERSONA_BUDGET_USD_PER_DAY, GEMINI_PRICE_INPUT_PER_M, GEMINI_PRICE_OUTPUT_PER_M,
            GEMINI_PRICE_PER_IMAGE,
            PICKER_MAX_NEW_TASKS_PER_TICK, DELAY_COMMENT, DELAY_REPLY, DELAY_VOTE, DELAY_POST, DELAY_IMAGE_POST,
            GEMINI_API_KEY, GEMINI_BASE_URL, GEMINI_MODEL, GEMINI_IMAGE_MODEL, GEMINI_CALL_TIMEOUT, TASK_RETENTION, JMX_PORT, JMX_HOST, JMX_PASSWORD_FILE, JMX_ACCESS_FILE, HTTP_PORT,
            LOG_FORMAT);

    private ConfigKeys() {}

    /** A price or budget in US dollars, unset by default; accepted as {@code limits set} accepts it. */
    private static Setting<BigDecimal> money(GeminiLimits.Key key) {
        return new Setting<>(key.name(), null, text -> {
            BigDecimal value = key.parseValue(text);
            if (value == null) {
                throw new IllegalArgumentException("leave it unset for none");
            }
            return value;
        }, key.accepted().replace(", or none", "") + " (unset: none)", false);
    }

    private static String jdbcUrl(String text) {
        if (!text.strip().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        return text.strip();
    }

    private static String nodeId(String text) {
        if (!text.strip().matches("[A-Za-z0-9._\\-]{1,100}")) {
            throw new IllegalArgumentException("not a valid node id");
        }
        return text.strip();
    }

    private static Duration interval(String text) {
        Duration value = text.strip().matches("\\d{1,9}") ? Duration.ofMillis(Long.parseLong(text.strip()))
                : Durations.parse(text);
        return within(value, Duration.ofMillis(100), Duration.ofDays(1));
    }

    private static Duration checkin(String text) {
        return within(Durations.parse(text), Duration.ofMillis(500), Duration.ofMinutes(10));
    }

    private static Duration heartbeat(String text) {
        return within(Durations.parse(text), Duration.ofMillis(100), Duration.ofMinutes(1));
    }

    private static Duration nodeTimeout(String text) {
        return within(Durations.parse(text), Duration.ofSeconds(1), Duration.ofHours(1));
    }

    private static Duration callTimeout(String text) {
        return within(Durations.parse(text), Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    private static Duration lease(String text) {
        return within(Durations.parse(text), Duration.ofSeconds(1), Duration.ofDays(1));
    }

    private static Duration grace(String text) {
        return within(Durations.parse(text), Duration.ZERO, Duration.ofMinutes(10));
    }

    /**
     * At least a day: claims count a persona's DONE tasks of the last hour against its limit, and the
     * picker counts the FAILED posts of the last 24 h against POSTS_PER_DAY; purging them sooner would
     * let a persona act, or a failing post be planned, more often than configured.
     */
    private static Duration retention(String text) {
        return within(Durations.parse(text), Duration.ofDays(1), Duration.ofDays(3650));
    }

    private static String logFormat(String text) {
        String format = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("unknown log format");
        }
        return format;
    }

    private static Duration within(Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static DurationRange backoff(String text) {
        DurationRange range = DurationRange.parse(text);
        if (range.min().isZero()) {
            throw new IllegalArgumentException("MIN must be above zero");
        }
        return range;
    }

    private static String httpUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        return text.strip().replaceAll("/+$", "");
    }

    private static String modelId(String text) {
        if (!MODEL_ID.matcher(text.strip()).matches()) {
            throw new IllegalArgumentException("not a model id");
        }
        return text.strip();
    }

    private static Integer positive(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= 2_000_000_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted values
        }
        throw new IllegalArgumentException("not a positive whole number");
    }

    private static Integer port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted values
        }
        throw new IllegalArgumentException("not a port");
    }
}
