package io.personaengine.core.picker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RandomDelayTest {

    @ParameterizedTest
    @CsvSource({"15, 120, 1", "5, 60, 2", "1, 30, 3", "60, 360, 4", "120, 480, 5"})
    void everyDelayFallsInsideTheRangeAndTheMedianSitsBelowTheMidpoint(long minMinutes, long maxMinutes, long seed) {
        RandomDelay delay = new RandomDelay(Duration.ofMinutes(minMinutes), Duration.ofMinutes(maxMinutes));
        SplittableRandom random = new SplittableRandom(seed);

        long[] samples = new long[10_001];
        for (int i = 0; i < samples.length; i++) {
            Duration d = delay.sample(random);
            assertThat(d).isBetween(delay.min(), delay.max());
            samples[i] = d.toMillis();
        }
        Arrays.sort(samples);
        long median = samples[samples.length / 2];
        long midpoint = (delay.min().toMillis() + delay.max().toMillis()) / 2;

        assertThat(median).isLessThan(midpoint);
    }

    @Test
    void anEmptyRangeAlwaysGivesItsOneValue() {
        RandomDelay delay = new RandomDelay(Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(delay.sample(new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anInvertedRangeIsRejected() {
        assertThatThrownBy(() -> new RandomDelay(Duration.ofHours(2), Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min <= max");
    }
}
