package io.personaengine.node.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personaengine.node.config.ConfigException;
import io.personaengine.node.config.NodeConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote JMX on one port, with and without a login, and the settings start-up refuses. */
class RemoteJmxTest {

    @TempDir
    Path dir;

    @Test
    void loopbackNeedsNoLoginAndServesThePlatformBeansOnOnePort() throws Exception {
        int port = freePort();
        RemoteJmx.Settings settings = RemoteJmx.settings(config("JMX_PORT", String.valueOf(port))).orElseThrow();
        assertThat(settings.host().isLoopbackAddress()).as("JMX_HOST defaults to loopback").isTrue();

        try (RemoteJmx jmx = RemoteJmx.start(settings);
                JMXConnector client = JMXConnectorFactory.connect(jmx.url())) {
            assertThat(jmx.url().toString()).isEqualTo(
                    "service:jmx:rmi://127.0.0.1:" + port + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            assertThat(client.getMBeanServerConnection().isRegistered(new ObjectName("java.lang:type=Runtime"))).isTrue();
        }
    }

    @Test
    void withPasswordAndAccessFilesAClientMustLogIn() throws Exception {
        Path password = Files.writeString(dir.resolve("jmx.password"), "operator s3cret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path access = Files.writeString(dir.resolve("jmx.access"), "operator readwrite\n");
        RemoteJmx.Settings settings = RemoteJmx.settings(config("JMX_PORT", String.valueOf(freePort()),
                "JMX_PASSWORD_FILE", password.toString(), "JMX_ACCESS_FILE", access.toString())).orElseThrow();

        try (RemoteJmx jmx = RemoteJmx.start(settings)) {
            assertThatThrownBy(() -> JMXConnectorFactory.connect(jmx.url()).close())
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(jmx.url(), credentials("operator", "wrong")).close())
                    .isInstanceOf(SecurityException.class);
            try (JMXConnector client = JMXConnectorFactory.connect(jmx.url(), credentials("operator", "s3cret"))) {
                assertThat(client.getMBeanServerConnection().getMBeanCount()).isPositive();
            }
        }
    }

    @Test
    void aHostBeyondLoopbackWithoutFilesIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> RemoteJmx.settings(config("JMX_PORT", "9010", "JMX_HOST", "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JMX_HOST=0.0.0.0")
                .hasMessageContaining("JMX_PASSWORD_FILE and JMX_ACCESS_FILE");
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        Path password = Files.writeString(dir.resolve("jmx.password"), "operator s3cret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        Path access = Files.writeString(dir.resolve("jmx.access"), "operator readonly\n");

        assertThatThrownBy(() -> RemoteJmx.settings(config("JMX_PORT", "9010", "JMX_HOST", "0.0.0.0",
                "JMX_PASSWORD_FILE", password.toString(), "JMX_ACCESS_FILE", access.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JMX_PASSWORD_FILE=" + password + " can be read by others");
        assertThatThrownBy(() -> RemoteJmx.settings(config("JMX_PORT", "9010",
                "JMX_PASSWORD_FILE", dir.resolve("missing").toString(), "JMX_ACCESS_FILE", access.toString())))
                .hasMessageContaining("is not a readable file");
    }

    @Test
    void withoutAPortThereIsNoRemoteJmx() {
        assertThat(RemoteJmx.settings(config())).isEmpty();
    }

    private static Map<String, Object> credentials(String user, String password) {
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        return environment;
    }

    private static NodeConfig config(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return NodeConfig.of(values);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
