package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
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

    /** The limits, named as their configuration keys. Each rate limit applies to each model on its own. */
    public enum Key {
        /** Calls per minute (RPM); always set. */
        GEMINI_MAX_CALLS_PER_MINUTE(Kind.COUNT),
        /** Input tokens per minute (TPM). */
        GEMINI_MAX_TOKENS_PER_MINUTE(Kind.COUNT),
        /** Calls per day (RPD), the day ending at midnight in Los Angeles. */
        GEMINI_MAX_CALLS_PER_DAY(Kind.COUNT),
        /** Calls per minute to the image model, on top of its RPM. */
        GEMINI_IMAGE_MAX_CALLS_PER_MINUTE(Kind.COUNT),
        /** USD the whole cluster may spend per day (Los Angeles day). */
        BUDGET_USD_PER_DAY(Kind.BUDGET),
        /** USD each persona may spend per day (Los Angeles day). */
        PERSONA_BUDGET_USD_PER_DAY(Kind.BUDGET),
        /** USD per million input tokens. */
        GEMINI_PRICE_INPUT_PER_M(Kind.PRICE),
        /** USD per million output tokens, thinking included. */
        GEMINI_PRICE_OUTPUT_PER_M(Kind.PRICE),
        /** USD per generated image. */
        GEMINI_PRICE_PER_IMAGE(Kind.PRICE);

        /** What a key's values are: whole numbers from 1, amounts above 0, or prices from 0. */
        public enum Kind { COUNT, BUDGET, PRICE }

        private final Kind kind;

        Key(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** @throws IllegalArgumentException naming the accepted keys */
        public static Key parse(String text) {
            try {
                return valueOf(text.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a limit; the limits are "
                        + Arrays.toString(values()));
            }
        }

        /**
         * A value of this key from text; {@code none} is null, no limit.
         *
         * @throws IllegalArgumentException saying what the key accepts
         */
        public @Nullable BigDecimal parseValue(String text) {
            String value = text.strip();
            if (value.equalsIgnoreCase("none")) {
                check(null);
                return null;
            }
            BigDecimal parsed;
            try {
                parsed = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(this + "=" + text + ": " + accepted());
            }
            try {
                check(parsed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(this + "=" + text + ": " + accepted());
            }
            return parsed;
        }

        /** What this key accepts, for error messages. */
        public String accepted() {
            return switch (kind) {
                case COUNT -> "expected a whole number from 1 to 2000000000"
                        + (this == GEMINI_MAX_CALLS_PER_MINUTE ? " (it cannot be none)" : ", or none");
                case BUDGET -> "expected US dollars above 0 with at most 6 decimals (like 25 or 0.50), or none";
                case PRICE -> "expected US dollars from 0 with at most 6 decimals (like 0.30), or none";
            };
        }

        /** @throws IllegalArgumentException for a value this key does not accept */
        void check(@Nullable BigDecimal value) {
            if (value == null) {
                if (this == GEMINI_MAX_CALLS_PER_MINUTE) {
                    throw new IllegalArgumentException(this + " cannot be unset: the cluster always has a call limit");
                }
                return;
            }
            boolean ok = switch (kind) {
                case COUNT -> value.stripTrailingZeros().scale() <= 0 && value.compareTo(BigDecimal.ONE) >= 0
                        && value.compareTo(BigDecimal.valueOf(2_000_000_000L)) <= 0;
                case BUDGET -> value.signum() > 0 && fits(value);
                case PRICE -> value.signum() >= 0 && fits(value);
            };
            if (!ok) {
                throw new IllegalArgumentException(this + "=" + value.toPlainString() + ": " + accepted());
            }
        }

        // numeric(20, 6)
        private static boolean fits(BigDecimal value) {
            return value.stripTrailingZeros().scale() <= 6 && value.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0;
        }
    }

    /**
     * One value of each limit; null means none.
     *
     * @param callsPerMinute never null: a cluster always has a call limit
     */
    public record Values(long callsPerMinute, @Nullable Long tokensPerMinute, @Nullable Long callsPerDay,
            @Nullable Long imageCallsPerMinute, Spending spending) {

        public Values {
            requireNonNull(spending, "spending");
            if (callsPerMinute < 1) {
                throw new IllegalArgumentException("callsPerMinute must be positive: " + callsPerMinute);
            }
            positive(tokensPerMinute);
            positive(callsPerDay);
            positive(imageCallsPerMinute);
        }

        /** Rate limits without prices or budgets. */
        public Values(long callsPerMinute, @Nullable Long tokensPerMinute, @Nullable Long callsPerDay,
                @Nullable Long imageCallsPerMinute) {
            this(callsPerMinute, tokensPerMinute, callsPerDay, imageCallsPerMinute, Spending.NONE);
        }

        /** Calls per minute only, as before per-model limits. */
        public static Values calls(long callsPerMinute) {
            return new Values(callsPerMinute, null, null, null);
        }

        public @Nullable BigDecimal get(Key key) {
            return switch (key) {
                case GEMINI_MAX_CALLS_PER_MINUTE -> BigDecimal.valueOf(callsPerMinute);
                case GEMINI_MAX_TOKENS_PER_MINUTE -> decimal(tokensPerMinute);
                case GEMINI_MAX_CALLS_PER_DAY -> decimal(callsPerDay);
                case GEMINI_IMAGE_MAX_CALLS_PER_MINUTE -> decimal(imageCallsPerMinute);
                case BUDGET_USD_PER_DAY -> spending.budgetPerDay();
                case PERSONA_BUDGET_USD_PER_DAY -> spending.personaBudgetPerDay();
                case GEMINI_PRICE_INPUT_PER_M -> spending.inputPerMillion();
                case GEMINI_PRICE_OUTPUT_PER_M -> spending.outputPerMillion();
                case GEMINI_PRICE_PER_IMAGE -> spending.perImage();
            };
        }

        static Values of(Map<Key, BigDecimal> values) {
            Long calls = whole(values.get(Key.GEMINI_MAX_CALLS_PER_MINUTE));
            return new Values(calls == null ? 1 : calls, whole(values.get(Key.GEMINI_MAX_TOKENS_PER_MINUTE)),
                    whole(values.get(Key.GEMINI_MAX_CALLS_PER_DAY)),
                    whole(values.get(Key.GEMINI_IMAGE_MAX_CALLS_PER_MINUTE)),
                    new Spending(values.get(Key.BUDGET_USD_PER_DAY), values.get(Key.PERSONA_BUDGET_USD_PER_DAY),
                            values.get(Key.GEMINI_PRICE_INPUT_PER_M), values.get(Key.GEMINI_PRICE_OUTPUT_PER_M),
                            values.get(Key.GEMINI_PRICE_PER_IMAGE)));
        }

        private static @Nullable BigDecimal decimal(@Nullable Long value) {
            return value == null ? null : BigDecimal.valueOf(value);
        }

        private static @Nullable Long whole(@Nullable BigDecimal value) {
            return value == null ? null : value.longValue();
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
    public record Row(Key key, @Nullable BigDecimal value, Instant setAt, String setBy) {}

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
        Map<Key, BigDecimal> values = new EnumMap<>(Key.class);
        boolean[] calls = {false};
        dsl.fetch("SELECT limit_key, value FROM gemini_limits").forEach(r -> {
            try {
                Key key = Key.valueOf(r.get(0, String.class));
                values.put(key, r.get(1, BigDecimal.class));
                calls[0] |= key == Key.GEMINI_MAX_CALLS_PER_MINUTE && r.get(1, BigDecimal.class) != null;
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
     * @throws IllegalArgumentException for a value the key does not accept ({@link Key#accepted()})
     */
    public void set(Key key, @Nullable BigDecimal value, String by) {
        requireNonNull(key, "key").check(value);
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
                BigDecimal value = r.get(1, BigDecimal.class);
                rows.add(new Row(Key.valueOf(r.get(0, String.class)), value == null ? null : value.stripTrailingZeros(),
                        r.get(2, OffsetDateTime.class).toInstant(), r.get(3, String.class)));
            } catch (IllegalArgumentException e) {
                // a key of a newer version
            }
        });
        rows.sort((a, b) -> a.key().compareTo(b.key()));
        return rows;
    }
}
