package io.personaengine.node.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One scenario's figures: what the guarantees came to under the fault.
 *
 * @param handover the longest a task of the faulted node waited, from the fault, before it ran on
 *     another node; null when the scenario faults no node
 * @param perMinuteBefore tasks done per minute in the window before the fault
 * @param perMinuteDuring tasks done per minute in as long a window from the fault
 */
record FaultReport(String scenario, int tasks, long lost, long failed, long done, long retries, long rescues,
        long duplicates, long personaBreaches, long globalBreaches, int geminiCalls, @Nullable Duration handover,
        long perMinuteBefore, long perMinuteDuring) {

    static final Path FILE = Path.of("target", "fault-report.md");
    static final String HEADER = "| scenario | tasks | lost | failed | duplicate effects | persona limit breaches "
            + "| global limit breaches | rescues | retries | Gemini calls | longest handover | tasks/min before → during |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    String row() {
        return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %d → %d |".formatted(scenario, tasks, lost,
                failed, duplicates, personaBreaches, globalBreaches, rescues, retries, geminiCalls,
                handover == null ? "–" : String.format("%.1f s", handover.toMillis() / 1000.0), perMinuteBefore,
                perMinuteDuring);
    }

    /** Appends the row to {@link #FILE}, writing the header first when the file is new. */
    void record() throws IOException {
        Files.createDirectories(FILE.getParent());
        if (!Files.exists(FILE)) {
            Files.writeString(FILE, HEADER);
        }
        Files.writeString(FILE, row() + "\n", StandardOpenOption.APPEND);
    }
}
