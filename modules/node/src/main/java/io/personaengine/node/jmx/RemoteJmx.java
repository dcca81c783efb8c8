package io.personaengine.node.jmx;

import static io.personaengine.node.config.ConfigKeys.JMX_ACCESS_FILE;
import static io.personaengine.node.config.ConfigKeys.JMX_HOST;
import static io.personaengine.node.config.ConfigKeys.JMX_PASSWORD_FILE;
import static io.personaengine.node.config.ConfigKeys.JMX_PORT;

import io.personaengine.node.config.ConfigException;
import io.personaengine.node.config.NodeConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote JMX on {@code JMX_PORT}, bound to {@code JMX_HOST} only. The RMI registry and the RMI
 * connector share that one port, so one firewall rule covers JMX. With {@code JMX_PASSWORD_FILE}
 * and {@code JMX_ACCESS_FILE} (the JDK's formats) clients must log in; a host other than loopback
 * is refused without both. No TLS: beyond a trusted network, tunnel it (SSH) instead.
 */
public final class RemoteJmx implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteJmx.class);

    private final JMXConnectorServer server;
    private final Registry registry;
    private final JMXServiceURL url;

    private RemoteJmx(JMXConnectorServer server, Registry registry, JMXServiceURL url) {
        this.server = server;
        this.registry = registry;
        this.url = url;
    }

    /** What a JMX remote connection on {@code JMX_PORT} needs; checked before the node builds anything. */
    public record Settings(InetAddress host, int port, @Nullable Path passwordFile, @Nullable Path accessFile) {

        public boolean authenticated() {
            return passwordFile != null;
        }
    }

    /**
     * The remote JMX settings, or empty when {@code JMX_PORT} is unset.
     *
     * @throws ConfigException naming the key: an unknown host, a non-loopback host without both
     *     files, a file that cannot be read, or a password file others can read
     */
    public static Optional<Settings> settings(NodeConfig config) {
        if (config.optional(JMX_PORT).isEmpty()) {
            return Optional.empty();
        }
        String hostText = config.get(JMX_HOST);
        InetAddress host;
        try {
            host = InetAddress.getByName(hostText);
        } catch (UnknownHostException e) {
            throw new ConfigException(List.of(JMX_HOST.key() + "=" + hostText + " is not an address of this machine"));
        }
        Path password = config.optional(JMX_PASSWORD_FILE).map(Path::of).orElse(null);
        Path access = config.optional(JMX_ACCESS_FILE).map(Path::of).orElse(null);
        List<String> errors = new ArrayList<>();
        if (!host.isLoopbackAddress() && (password == null || access == null)) {
            errors.add("JMX_HOST=" + hostText + " opens JMX beyond this machine: set "
                    + (password == null ? JMX_PASSWORD_FILE.key() : "") + (password == null && access == null ? " and " : "")
                    + (access == null ? JMX_ACCESS_FILE.key() : "") + " (or bind JMX_HOST to 127.0.0.1 and tunnel)");
        }
        if ((password == null) != (access == null)) {
            errors.add("set both " + JMX_PASSWORD_FILE.key() + " and " + JMX_ACCESS_FILE.key() + ", or neither");
        }
        if (password != null) {
            readable(JMX_PASSWORD_FILE.key(), password, errors);
            ownerOnly(password, errors);
        }
        if (access != null) {
            readable(JMX_ACCESS_FILE.key(), access, errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return Optional.of(new Settings(host, config.get(JMX_PORT), password, access));
    }

    private static void readable(String key, Path file, List<String> errors) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            errors.add(key + "=" + file + " is not a readable file");
        }
    }

    /** As the JDK's own agent insists: a password file others can read is no secret. */
    private static void ownerOnly(Path file, List<String> errors) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                errors.add(JMX_PASSWORD_FILE.key() + "=" + file + " can be read by others: chmod 600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or already reported as unreadable
        }
    }

    /** Starts the connector on the platform MBean server (Quartz's MBean and the node's are there). */
    public static RemoteJmx start(Settings settings) {
        RMIServerSocketFactory sockets = new BoundSockets(settings.host());
        String host = settings.host().getHostAddress();
        if (System.getProperty("java.rmi.server.hostname") == null && !settings.host().isAnyLocalAddress()) {
            // the address the RMI stubs hand to clients; without it they may name another interface
            System.setProperty("java.rmi.server.hostname", host);
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        Registry registry;
        try {
            registry = LocateRegistry.createRegistry(settings.port(), null, sockets);
        } catch (IOException e) {
            throw new ConfigException(List.of(JMX_PORT.key() + "=" + settings.port() + " cannot be opened on "
                    + host + ": " + e.getMessage()));
        }
        try {
            Map<String, Object> environment = new HashMap<>();
            environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            if (settings.authenticated()) {
                environment.put("jmx.remote.x.password.file", settings.passwordFile().toString());
                environment.put("jmx.remote.x.access.file", settings.accessFile().toString());
            }
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + hostPart + ":" + settings.port()
                    + "/jndi/rmi://" + hostPart + ":" + settings.port() + "/jmxrmi");
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, environment,
                    ManagementFactory.getPlatformMBeanServer());
            server.start();
            log.info("remote JMX at {} ({})", url, settings.authenticated() ? "login required"
                    : "no login: every user of this host can connect");
            return new RemoteJmx(server, registry, url);
        } catch (IOException | RuntimeException e) {
            unexport(registry); // the port is free again
            if (e instanceof IOException io) {
                throw new ConfigException(List.of(JMX_PORT.key() + "=" + settings.port() + " cannot be opened on "
                        + host + ": " + io.getMessage()));
            }
            throw (RuntimeException) e;
        }
    }

    /** The address JConsole and other clients connect to. */
    public JMXServiceURL url() {
        return url;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("remote JMX did not stop cleanly", e);
        }
        unexport(registry);
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // gone already
        }
    }

    /**
     * Server sockets on one address only. Equal for equal addresses, which lets the registry and
     * the connector share one listening port.
     */
    private record BoundSockets(InetAddress address) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, address);
        }
    }
}
