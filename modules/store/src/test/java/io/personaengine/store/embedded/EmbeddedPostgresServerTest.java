package io.personaengine.store.embedded;

import static io.personaengine.store.embedded.Sql.column;
import static io.personaengine.store.embedded.Sql.execute;
import static io.personaengine.store.embedded.Sql.passable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path temp;

    @Test
    void keepsItsDataAcrossARestartOnTheSameFolder() throws Exception {
        Path data = passable(temp).resolve("data");

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            execute(server, "CREATE TABLE notes (body text)", "INSERT INTO notes VALUES ('kept')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            assertThat(column(server, "SELECT body FROM notes")).containsExactly("kept");
            assertThat(server.dataDirectory()).isEqualTo(data);
            assertThat(server.jdbcUrl("forum")).isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/forum");
        }
    }

    @Test
    void closingTwiceStopsTheServerOnce() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(passable(temp).resolve("data"), 0);
        server.close();

        server.close();

        assertThatThrownBy(() -> column(server, "SELECT 1")).hasMessageContaining("Connection");
    }

    @Test
    void refusesARegularFileAsItsDataDirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "some text");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(file, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("cannot use " + file)
                .hasMessageContaining("it is a regular file, not a folder")
                .hasMessageContaining("What to try");
    }

    @Test
    void refusesAFolderThatHoldsSomethingOtherThanACluster() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("photos"));
        Files.writeString(folder.resolve("holiday.jpg"), "not a database");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(folder, 0))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("cannot use " + folder)
                .hasMessageContaining("not empty but holds no PostgreSQL cluster");
        assertThat(folder.resolve("holiday.jpg")).hasContent("not a database");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(temp, 70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }
}
