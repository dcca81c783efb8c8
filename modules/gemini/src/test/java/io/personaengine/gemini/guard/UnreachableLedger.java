package io.personaengine.gemini.guard;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import java.time.Duration;
import java.time.ZoneId;

/** A ledger whose database is down. */
final class UnreachableLedger implements CallPermits {

    @Override
    public CallPermit tryAcquire(String model) {
        throw new IllegalStateException("connection refused");
    }

    @Override
    public Duration coolDown(String model, Duration delay, String reason) {
        throw new IllegalStateException("connection refused");
    }

    @Override
    public Duration coolDownUntilMidnight(String model, ZoneId zone, String reason) {
        throw new IllegalStateException("connection refused");
    }
}
