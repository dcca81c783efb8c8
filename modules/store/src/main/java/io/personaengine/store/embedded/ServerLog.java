package io.personaengine.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The file beside the data directory ({@code <data directory>.log}) that receives the output of
 * initdb, pg_ctl and the server itself, so a failed start can quote it.
 */
record ServerLog(Path path) {

    private static final int TAIL_BYTES = 8192;

    static ServerLog besides(Path dataDirectory) {
        return new ServerLog(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log"));
    }

    /** The last lines, indented for an error message, or a note that there are none. */
    String tail(int maxLines) {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, UTF_8).lines().filter(line -> !line.isBlank()).toList();
            return lines.subList(Math.max(0, lines.size() - maxLines), lines.size()).stream()
                    .map(line -> "    | " + line)
                    .collect(Collectors.joining("\n", "Last lines of " + path + ":\n", ""));
        } catch (IOException e) {
            return "(no server log at " + path + ": " + e.getMessage() + ")";
        }
    }
}
