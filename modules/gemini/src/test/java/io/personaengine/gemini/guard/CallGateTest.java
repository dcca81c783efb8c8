package io.personaengine.gemini.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several workers of one node waiting for slots, on real threads and real time. */
class CallGateTest {

    /** A ledger whose tests never pause a model. */
    private abstract static class WithoutPauses implements CallPermits {

        @Override
        public Duration coolDown(String model, Duration delay, String reason) {
            return delay;
        }

        @Override
        public Duration coolDownUntilMidnight(String model, ZoneId zone, String reason) {
            return Duration.ZERO;
        }
    }

    /** A ledger with a full window for its first answers, which counts how many callers ask at once. */
    private static final class BusyLedger extends WithoutPauses {
        private final AtomicInteger asking = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger refusalsLeft;

        BusyLedger(int refusals) {
            this.refusalsLeft = new AtomicInteger(refusals);
        }

        @Override
        public CallPermit tryAcquire(String model) {
            mostAtOnce.accumulateAndGet(asking.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2); // a round trip to the database
                return refusalsLeft.getAndDecrement() > 0
                        ? CallPermit.windowFull(Duration.ofMillis(20), "full") : CallPermit.granted();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                asking.decrementAndGet();
            }
        }
    }

    @Test
    void onceTheWindowIsFullWaitingWorkersQueueOnTheNodeSoOnlyOneAtATimeAsksTheLedger() throws Exception {
        BusyLedger ledger = new BusyLedger(10);
        CallGate gate = new CallGate(ledger, GuardSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> entered = new ArrayList<>();
            entered.add(workers.submit(() -> gate.enter("gemini-3.5-flash-lite")));
            // refused twice: the first worker found the window full and now waits in line for its slot
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ledger.refusalsLeft.get() > 8 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < 5; i++) {
                entered.add(workers.submit(() -> gate.enter("gemini-3.5-flash-lite")));
            }
            for (Future<?> worker : entered) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(ledger.mostAtOnce.get()).isEqualTo(1);
        assertThat(ledger.refusalsLeft.get()).as("every worker got in after the 10 refusals").isEqualTo(-6);
    }

    @Test
    void whileTheWindowHasRoomWorkersAskSideBySide() throws Exception {
        BusyLedger ledger = new BusyLedger(0);
        CallGate gate = new CallGate(ledger, GuardSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
        ExecutorService workers = Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<?>> entered = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                entered.add(workers.submit(() -> {
                    start.await();
                    for (int call = 0; call < 5; call++) {
                        gate.enter("gemini-3.5-flash-lite");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : entered) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(ledger.mostAtOnce.get()).as("asks in flight at once").isGreaterThan(1);
    }

    @Test
    void aCallWaitingForTheImageModelsSlotNeverHoldsUpATextCall() throws Exception {
        java.util.concurrent.CountDownLatch imageWaits = new java.util.concurrent.CountDownLatch(1);
        CallPermits ledger = new WithoutPauses() {
            @Override
            public CallPermit tryAcquire(String model) {
                if (model.equals("gemini-3.1-flash-image")) {
                    imageWaits.countDown();
                    return CallPermit.windowFull(Duration.ofSeconds(20), "the image model's window is full");
                }
                return CallPermit.granted();
            }
        };
        CallGate gate = new CallGate(ledger, GuardSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            Future<?> image = workers.submit(() -> gate.enter("gemini-3.1-flash-image"));
            imageWaits.await();
            // the image call now sleeps in its model's line for a slot 20 s away
            Future<?> text = workers.submit(() -> gate.enter("gemini-3.5-flash-lite"));

            text.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(image).isNotDone();
            image.cancel(true);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aWorkerThatQueuedPastTheSlotItWasToldAboutAsksAtOnceInsteadOfWaitingAgain() throws Exception {
        long start = System.nanoTime();
        Duration slot = Duration.ofSeconds(2);
        java.util.concurrent.CyclicBarrier bothRefused = new java.util.concurrent.CyclicBarrier(2);
        AtomicInteger asks = new AtomicInteger();
        java.util.Map<String, Long> grantedAtMillis = new java.util.concurrent.ConcurrentHashMap<>();
        CallPermits ledger = new WithoutPauses() {
            @Override
            public CallPermit tryAcquire(String model) {
                long now = System.nanoTime() - start;
                if (asks.incrementAndGet() <= 2) {
                    try {
                        bothRefused.await(); // both workers are refused before either queues
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return CallPermit.windowFull(slot, "full until the slot frees");
                }
                // the window has room from the slot on
                return now >= slot.toNanos() ? CallPermit.granted()
                        : CallPermit.windowFull(Duration.ofNanos(slot.toNanos() - now), "full until the slot frees");
            }
        };
        CallGate gate = new CallGate(ledger, GuardSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> entered = new ArrayList<>();
            for (String worker : List.of("a", "b")) {
                entered.add(workers.submit(() -> {
                    gate.enter("gemini-3.5-flash-lite");
                    grantedAtMillis.put(worker, (System.nanoTime() - start) / 1_000_000);
                }));
            }
            for (Future<?> worker : entered) {
                worker.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }

        // the first in line sleeps until the slot; the second, told of the same slot, asks as soon as it
        // has the line, not a whole wait later
        long first = Math.min(grantedAtMillis.get("a"), grantedAtMillis.get("b"));
        long second = Math.max(grantedAtMillis.get("a"), grantedAtMillis.get("b"));
        assertThat(first).isGreaterThanOrEqualTo(slot.toMillis());
        assertThat(second - first).as("ms between the two grants").isLessThan(slot.toMillis() / 2);
    }
}
