package io.personaengine.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));

    @Test
    void theNthRetryWaitsBetweenTheBaseAndTheDoubledCeilingNeverBeyondTheCap() {
        SplittableRandom random = new SplittableRandom(3);
        for (int retry = 0; retry < 40; retry++) {
            Duration ceiling = Duration.ofMinutes(Math.min(60, 1L << Math.min(retry + 1, 20)));
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(retry, random)).isBetween(Duration.ofMinutes(1), ceiling);
            }
        }
    }

    @Test
    void laterRetriesWaitLongerOnAverage() {
        SplittableRandom random = new SplittableRandom(5);
        long first = 0;
        long fourth = 0;
        for (int i = 0; i < 1_000; i++) {
            first += backoff.delay(0, random).toMillis();
            fourth += backoff.delay(3, random).toMillis();
        }
        assertThat(fourth).isGreaterThan(first * 3);
    }

    @Test
    void firstRetriesOfTasksThatFailedTogetherSpreadOverTheBase() {
        SplittableRandom random = new SplittableRandom(7);
        java.util.List<Duration> first = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> backoff.delay(0, random)).toList();

        assertThat(first).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2)));
        assertThat(first.stream().distinct().count()).isGreaterThan(90);
        assertThat(first.stream().filter(delay -> delay.compareTo(Duration.ofSeconds(90)) > 0).count())
                .as("about half in the later half").isBetween(30L, 70L);
    }
}
