package io.personaengine.store.embedded;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SetprivModeTest}: starts a server on the folder given, writes a row if
 * asked, restarts, and prints what it finds as {@code RESULT} lines.
 */
public final class SetprivProbe {

    private SetprivProbe() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        if (args.length > 1 && args[1].equals("write")) {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
                Sql.execute(server, "CREATE TABLE notes (body text)", "INSERT INTO notes VALUES ('kept')");
            }
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            System.out.println("RESULT mode=" + server.mode());
            System.out.println("RESULT rows=" + Sql.column(server, "SELECT body FROM notes"));
        }
    }
}
