package io.personaengine.node;

import io.personaengine.core.runner.RunnerListener;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every task outcome, one line each. */
final class LoggingListener implements RunnerListener {

    private static final Logger log = LoggerFactory.getLogger("io.personaengine.tasks");

    @Override
    public void finished(ClaimedTask task, Outcome outcome, boolean applied) {
        String what = outcome.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        if (!applied) {
            log.warn("task {} {}: outcome {} not applied as such: the claim was lost, the persona already acted "
                    + "there or reached its hourly limit; nothing published, the task's history says which",
                    task.id(), task.type(), what);
        } else if (outcome instanceof Outcome.Done) {
            log.info("task {} {} by persona {}: DONE", task.id(), task.type(), task.personaId());
        } else if (outcome instanceof Outcome.Failed failed) {
            log.warn("task {} {}: FAILED: {}", task.id(), task.type(), failed.reason());
        } else if (outcome instanceof Outcome.Defer defer) {
            log.info("task {} {}: deferred, will try again later: {}", task.id(), task.type(), defer.reason());
        } else if (outcome instanceof Outcome.Retry retry) {
            log.info("task {} {}: attempt failed, will retry after backoff unless out of retries: {}",
                    task.id(), task.type(), retry.reason());
        }
    }
}
