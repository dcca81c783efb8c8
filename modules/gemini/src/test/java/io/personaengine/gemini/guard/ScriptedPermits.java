package io.personaengine.gemini.guard;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A ledger that answers from a script, then grants; it records what it was asked and the pauses it
 * was told about. Not a model of the real ledger (that is JooqCallLedger, tested on PostgreSQL).
 */
final class ScriptedPermits implements CallPermits {

    static final Duration UNTIL_MIDNIGHT = Duration.ofHours(7);

    private final Deque<CallPermit> script = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();
    private final List<String> pauses = new ArrayList<>();

    synchronized ScriptedPermits thenAnswer(CallPermit... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    synchronized List<String> pauses() {
        return List.copyOf(pauses);
    }

    @Override
    public synchronized CallPermit tryAcquire(String model) {
        asked.add(model);
        return script.isEmpty() ? CallPermit.granted() : script.removeFirst();
    }

    @Override
    public synchronized Duration coolDown(String model, Duration delay, String reason) {
        pauses.add(model + " for " + delay.toMillis() + " ms");
        return delay;
    }

    @Override
    public synchronized Duration coolDownUntilMidnight(String model, ZoneId zone, String reason) {
        pauses.add(model + " until midnight " + zone);
        return UNTIL_MIDNIGHT;
    }
}
