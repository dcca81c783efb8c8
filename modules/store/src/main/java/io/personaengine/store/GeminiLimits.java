package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The cluster's Gemini limits in {@code gemini_limits}: one value per key for the whole cluster,
 * whatever each node's configuration says. {@link #seed} writes only keys the table lacks, so the
 * first node to start decides; {@link #set} is how an operator changes them.
 */
public final class GeminiLimits {

    /** The limits, named as their configuration keys. Each applies to each model on its own. */
    public enum Key {
        /** Calls per minute (RPM); always set. */
        GEMINI_MAX_CALLS_PER_MINUTE,
        /** Input tokens per minute (TPM). */
        GEMINI_MAX_TOKENS_PER_MINUTE,
        /** Calls per day (RPD), the day ending at midnight in Los Angeles. */
        GEMINI_MAX_CALLS_PER_DAY,
        /** Calls per minute to the image model, on top of its RPM. */
        GEMINI_IMAGE_MAX_CALLS_PER_MINUTE;

        /** @throws IllegalArgumentException naming the accepted keys */
        public static Key parse(String text) {
            try {
                return valueOf(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a limit; the limits are "
                        + Arrays.toString(values()));
            }
        }
    }

    /**
     * One value of each limit; null means none.
     *
     * @param callsPerMinute never null: a cluster always has a call limit
     */
    public record Values(long callsPerMinute, @Nullable Long tokensPerMinute, @Nullable Long callsPerDay,
            @Nullable Long imageCallsPerMinute) {

        public Values {
            if (callsPerMinute < 1) {
                throw new IllegalArgumentException("callsPerMinute must be positive: " + callsPerMinute);
            }
            positive(tokensPerMinute);
            positive(callsPerDay);
            positive(imageCallsPerMinute);
        }

        /** Calls per minute only, as before per-model limits. */
        public static Values calls(long callsPerMinute) {
            return new Values(callsPerMinute, null, null, null);
        }

        public @Nullable Long get(Key key) {
            return switch (key) {
                case GEMINI_MAX_CALLS_PER_MINUTE -> callsPerMinute;
                case GEMINI_MAX_TOKENS_PER_MINUTE -> tokensPerMinute;
                case GEMINI_MAX_CALLS_PER_DAY -> callsPerDay;
                case GEMINI_IMAGE_MAX_CALLS_PER_MINUTE -> imageCallsPerMinute;
            };
        }

        static Values of(Map<Key, Long> values) {
            Long calls = values.get(Key.GEMINI_MAX_CALLS_PER_MINUTE);
            return new Values(calls == null ? 1 : calls, values.get(Key.GEMINI_MAX_TOKENS_PER_MINUTE),
                    values.get(Key.GEMINI_MAX_CALLS_PER_DAY), values.get(Key.GEMINI_IMAGE_MAX_CALLS_PER_MINUTE));
        }

        /** The limits of calls to {@code model}, which is the image model or not. */
        public ModelLimits forModel(boolean imageModel) {
            long calls = imageModel && imageCallsPerMinute != null
                    ? Math.min(callsPerMinute, imageCallsPerMinute) : callsPerMinute;
            return new ModelLimits(calls, tokensPerMinute, callsPerDay);
        }

        private static void positive(@Nullable Long value) {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("limits are positive, or unset for none: " + value);
            }
        }
    }

    /** What one model's calls must stay within: per window, in input tokens per window, per day. */
    public record ModelLimits(long calls, @Nullable Long tokens, @Nullable Long callsPerDay) {}

    /** One row of the table, for {@code limits}. */
    public record Row(Key key, @Nullable Long value, Instant setAt, String setBy) {}

    private final DSLContext dsl;

    public GeminiLimits(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /**
     * Writes the keys the table lacks from {@code configured}; keys already there stay.
     *
     * @return the cluster's limits after seeding
     */
    public Values seed(Values configured, String by) {
        for (Key key : Key.values()) {
            dsl.execute("INSERT INTO gemini_limits (limit_key, value, set_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    key.name(), configured.get(key), by);
        }
        return read().orElseThrow();
    }

    /** The cluster's limits; empty before any node seeded them. */
    public Optional<Values> read() {
        Map<Key, Long> values = new EnumMap<>(Key.class);
        boolean[] calls = {false};
        dsl.fetch("SELECT limit_key, value FROM gemini_limits").forEach(r -> {
            try {
                Key key = Key.valueOf(r.get(0, String.class));
                values.put(key, r.get(1, Long.class));
                calls[0] |= key == Key.GEMINI_MAX_CALLS_PER_MINUTE && r.get(1, Long.class) != null;
            } catch (IllegalArgumentException e) {
                // a key of a newer version: not ours to apply
            }
        });
        return calls[0] ? Optional.of(Values.of(values)) : Optional.empty();
    }

    /**
     * Sets one limit for the whole cluster; every node applies it within a heartbeat.
     *
     * @param value null for no limit (not allowed for {@link Key#GEMINI_MAX_CALLS_PER_MINUTE})
     * @throws IllegalArgumentException for a value that is not positive, or no call limit
     */
    public void set(Key key, @Nullable Long value, String by) {
        requireNonNull(key, "key");
        if (value == null && key == Key.GEMINI_MAX_CALLS_PER_MINUTE) {
            throw new IllegalArgumentException(key + " cannot be unset: the cluster always has a call limit");
        }
        if (value != null && value < 1) {
            throw new IllegalArgumentException(key + " must be a positive whole number, or 'none'; got " + value);
        }
        dsl.execute("""
                INSERT INTO gemini_limits (limit_key, value, set_by) VALUES (?, ?, ?)
                ON CONFLICT (limit_key) DO UPDATE SET value = excluded.value, set_at = now(), set_by = excluded.set_by""",
                key.name(), value, by);
    }

    /** Every limit, in key order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        dsl.fetch("SELECT limit_key, value, set_at, set_by FROM gemini_limits ORDER BY limit_key").forEach(r -> {
            try {
                rows.add(new Row(Key.valueOf(r.get(0, String.class)), r.get(1, Long.class),
                        r.get(2, OffsetDateTime.class).toInstant(), r.get(3, String.class)));
            } catch (IllegalArgumentException e) {
                // a key of a newer version
            }
        });
        rows.sort((a, b) -> a.key().compareTo(b.key()));
        return rows;
    }
}
