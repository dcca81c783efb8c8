package io.personaengine.store;

import io.personaengine.core.content.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * Gemini prices and the daily budgets they are spent against, all in US dollars; null means unset.
 * Values are kept without trailing zeros, so two equal amounts compare equal whatever their scale.
 *
 * @param budgetPerDay {@code BUDGET_USD_PER_DAY}: the whole cluster's spend per day
 * @param personaBudgetPerDay {@code PERSONA_BUDGET_USD_PER_DAY}: each persona's spend per day
 * @param inputPerMillion {@code GEMINI_PRICE_INPUT_PER_M}: per million input tokens, every call
 * @param outputPerMillion {@code GEMINI_PRICE_OUTPUT_PER_M}: per million output tokens (thinking included)
 * @param perImage {@code GEMINI_PRICE_PER_IMAGE}: per generated image
 */
public record Spending(@Nullable BigDecimal budgetPerDay, @Nullable BigDecimal personaBudgetPerDay,
        @Nullable BigDecimal inputPerMillion, @Nullable BigDecimal outputPerMillion, @Nullable BigDecimal perImage) {

    /** No prices and no budgets: nothing is costed and nothing pauses. */
    public static final Spending NONE = new Spending(null, null, null, null, null);

    /** Digits kept of a cost; a hundredth of a micro-dollar. */
    static final int SCALE = 8;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Spending {
        budgetPerDay = normal(budgetPerDay, false);
        personaBudgetPerDay = normal(personaBudgetPerDay, false);
        inputPerMillion = normal(inputPerMillion, true);
        outputPerMillion = normal(outputPerMillion, true);
        perImage = normal(perImage, true);
    }

    /** True when some price is set, so calls have a cost. */
    public boolean priced() {
        return inputPerMillion != null || outputPerMillion != null || perImage != null;
    }

    /** True when some daily budget is set. */
    public boolean budgeted() {
        return budgetPerDay != null || personaBudgetPerDay != null;
    }

    /**
     * What {@code usage} cost at these prices, an unset price counting as free; null when no price
     * is set at all, since then nothing is known.
     */
    public @Nullable BigDecimal cost(Usage usage) {
        if (!priced()) {
            return null;
        }
        BigDecimal cost = BigDecimal.ZERO;
        if (inputPerMillion != null) {
            cost = cost.add(inputPerMillion.multiply(BigDecimal.valueOf(usage.promptTokens())).divide(MILLION));
        }
        if (outputPerMillion != null) {
            cost = cost.add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())).divide(MILLION));
        }
        if (perImage != null) {
            cost = cost.add(perImage.multiply(BigDecimal.valueOf(usage.images())));
        }
        return cost.setScale(SCALE, RoundingMode.HALF_UP);
    }

    private static @Nullable BigDecimal normal(@Nullable BigDecimal value, boolean price) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || (!price && value.signum() == 0)) {
            throw new IllegalArgumentException((price ? "prices are 0 or more" : "budgets are above 0")
                    + ", or unset for none: " + value.toPlainString());
        }
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
