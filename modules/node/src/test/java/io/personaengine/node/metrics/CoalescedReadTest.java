package io.personaengine.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescedReadTest {

    @Test
    void callersThatArriveWhileAReadRunsShareItAndALaterCallerStartsAnother() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (CoalescedRead<Integer> read = new CoalescedRead<>("test-read", () -> {
            release.await(5, TimeUnit.SECONDS);
            return reads.incrementAndGet();
        })) {
            assertThatThrownBy(() -> read.get(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
            // a second caller while the first read still blocks: it must wait on that same read
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return read.get(Duration.ofSeconds(5));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> second.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            release.countDown();

            assertThat(second.get(5, TimeUnit.SECONDS)).as("the first read, shared").isEqualTo(1);
            assertThat(read.get(Duration.ofSeconds(5))).as("a new read once it finished").isEqualTo(2);
            assertThat(reads).hasValue(2);
        }
    }

    @Test
    void aFailedReadReportsItsCauseAndTheNextCallTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (CoalescedRead<String> read = new CoalescedRead<>("test-read", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database gone");
            }
            return "back";
        })) {
            assertThatThrownBy(() -> read.get(Duration.ofSeconds(5))).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("database gone");
            assertThat(read.get(Duration.ofSeconds(5))).isEqualTo("back");
        }
    }
}
