package io.personaengine.node;

import io.personaengine.core.runner.RunnerListener;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node's runner did since the node started, counted as it happens. The node's MBean and
 * its metrics read these. Outcomes that were not applied (the claim was lost, or the publish was
 * refused) count under none of done, failed, retried or deferred.
 */
public final class TaskCounters implements RunnerListener {

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong notApplied = new AtomicLong();
    private final AtomicLong rescued = new AtomicLong();

    @Override
    public void claimed(ClaimedTask task) {
        claimed.incrementAndGet();
    }

    @Override
    public void finished(ClaimedTask task, Outcome outcome, boolean applied) {
        if (!applied) {
            notApplied.incrementAndGet();
        } else if (outcome instanceof Outcome.Done) {
            done.incrementAndGet();
        } else if (outcome instanceof Outcome.Failed) {
            failed.incrementAndGet();
        } else if (outcome instanceof Outcome.Retry) {
            retried.incrementAndGet();
        } else if (outcome instanceof Outcome.Defer) {
            deferred.incrementAndGet();
        }
    }

    @Override
    public void rescued(int count) {
        rescued.addAndGet(count);
    }

    public long claimed() {
        return claimed.get();
    }

    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }

    public long retried() {
        return retried.get();
    }

    public long deferred() {
        return deferred.get();
    }

    public long notApplied() {
        return notApplied.get();
    }

    /** Lost tasks of the cluster this node handed back. */
    public long rescued() {
        return rescued.get();
    }
}
