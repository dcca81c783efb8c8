package io.personaengine.store.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Flyway scripts on the classpath ({@code db/migration/*.sql}, from the store jar or its
 * {@code target/classes}), reduced to a short fingerprint: a changed script means a new template.
 */
final class MigrationScripts {

    private static final String LOCATION = "db/migration";

    private MigrationScripts() {}

    static String fingerprint() {
        SortedMap<String, byte[]> scripts = new TreeMap<>();
        try {
            for (URL root : Collections.list(MigrationScripts.class.getClassLoader().getResources(LOCATION))) {
                scripts.putAll(root.getProtocol().equals("jar") ? fromJar(root) : fromFolder(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration scripts on the classpath", e);
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no " + LOCATION + "/*.sql on the test classpath: tests that use"
                    + " TestDatabaseExtension need the store jar (or modules/store/target/classes) on it");
        }
        return digest(scripts);
    }

    private static Map<String, byte[]> fromFolder(URL root) throws IOException {
        Map<String, byte[]> scripts = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".sql"))::iterator) {
                scripts.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (URISyntaxException e) {
            throw new IOException("not a folder: " + root, e);
        }
        return scripts;
    }

    private static Map<String, byte[]> fromJar(URL root) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        Map<String, byte[]> scripts = new TreeMap<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(LOCATION + "/") && name.endsWith(".sql")
                        && name.indexOf('/', LOCATION.length() + 1) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        scripts.put(name.substring(LOCATION.length() + 1), in.readAllBytes());
                    }
                }
            }
        }
        return scripts;
    }

    private static String digest(SortedMap<String, byte[]> scripts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            scripts.forEach((name, content) -> {
                sha.update(name.getBytes(UTF_8));
                sha.update((byte) 0);
                sha.update(content);
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
