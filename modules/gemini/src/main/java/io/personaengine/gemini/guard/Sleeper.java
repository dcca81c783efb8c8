package io.personaengine.gemini.guard;

import java.time.Duration;

/** Waits; tests pass one that moves a settable clock instead. */
@FunctionalInterface
interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
