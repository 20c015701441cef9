package io.cambium.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory, which
 * is flushed to disk and then renamed over the target. A crash or an exception at any point
 * leaves either the old file or the complete new one, never a mix.
 *
 * <p>Like an editor's "save", it writes through a symbolic link to the file the link points to
 * (the link stays a link) and keeps the permissions (and, where allowed, the owner and group) of
 * the file it replaces; a new file gets the permissions of any new file (the process umask).
 *
 * <p>The temporary file is named {@code .NAME.<random>.tmp} and locked while it is written. It is
 * removed when the write fails, when the JVM is stopped by SIGINT or SIGTERM (a shutdown hook),
 * and otherwise (after {@code kill -9} or a power cut) by the next write to the same target,
 * which deletes such files that no process holds locked any more.
 */
public final class AtomicFile {
    /** Writes the content of the file to an open channel. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    private static final int MAX_LINKS = 40;
    /** Temporary files younger than this are left alone: their writer may not have locked them yet. */
    private static final long STALE_AFTER_MILLIS = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;
    private static volatile boolean shuttingDown;

    private AtomicFile() {
    }

    /**
     * Writes {@code target} atomically with {@code body}.
     *
     * @throws IOException from the body or the file system, naming the file and the reason; the
     *     target is then unchanged and the temporary file removed
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = resolveLinks(target.toAbsolutePath());
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "is a directory");
        }
        createDirectories(dir);
        removeStaleTemporaries(abs);
        PosixFileAttributes previous = posixAttributes(abs);
        Path tmp = createTemporary(abs);
        boolean done = false;
        IN_PROGRESS.add(tmp);
        installHook();
        try {
            if (shuttingDown) {
                // The cleanup hook may already have run: a file started now would be left behind.
                throw new IOException("not saved: the JVM is shutting down");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                // Marks the file as in use for other processes' stale-file cleanup (brand new, so
                // nobody else holds it; tryLock because lock() would turn an interrupt into another exception).
                FileLock lock = ch.tryLock();
                try {
                    body.write(ch);
                    ch.force(true);
                } finally {
                    if (lock != null && lock.isValid()) {
                        lock.release();
                    }
                }
            }
            if (previous != null) {
                copyOwnership(previous, tmp);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } catch (FileSystemException e) {
            // Java names only the path ("AccessDeniedException: x"); give the reason too.
            throw IoErrors.withPath(abs, e);
        } finally {
            IN_PROGRESS.remove(tmp);
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Checks, before a long computation whose result goes to {@code target}, that it can be
     * written there: creates the missing parent directories and a probe file in the directory
     * (removed at once). Cheap, and it turns "the run is lost at the end" into an error at the
     * start.
     *
     * @throws IOException naming the path and the reason when the target cannot be written
     */
    public static void checkWritable(Path target) throws IOException {
        Path abs = resolveLinks(target.toAbsolutePath());
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "is a directory");
        }
        Path dir = abs.getParent();
        createDirectories(dir);
        Path probe;
        try {
            probe = createTemporary(abs);
        } catch (IOException e) {
            throw IoErrors.withPath(dir == null ? abs : dir, e);
        }
        Files.deleteIfExists(probe);
    }

    private static void createDirectories(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // createDirectories says "already exists" when a component is a file.
            throw new FileSystemException(e.getFile() == null ? dir.toString() : e.getFile(), null,
                    "exists and is not a directory");
        } catch (IOException e) {
            throw IoErrors.withPath(dir, e);
        }
    }

    /** The file a chain of symbolic links ends at (which need not exist yet). */
    static Path resolveLinks(Path p) throws IOException {
        Path at = p;
        for (int i = 0; Files.isSymbolicLink(at); i++) {
            if (i == MAX_LINKS) {
                throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(at);
            Path parent = at.getParent();
            at = (link.isAbsolute() || parent == null ? link : parent.resolve(link)).normalize();
        }
        return at;
    }

    private static Path createTemporary(Path abs) throws IOException {
        Path dir = abs.getParent();
        while (true) {
            Path tmp = (dir == null ? Path.of("") : dir).resolve(
                    "." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                // No permission attribute: a new file gets the umask's permissions, like any other.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // another random name
            }
        }
    }

    /**
     * Deletes temporary files of {@code abs} left by writers that died (kill -9, power cut): those
     * no process holds locked and that are not brand new.
     */
    private static void removeStaleTemporaries(Path abs) {
        Path dir = abs.getParent();
        if (dir == null) {
            return;
        }
        Pattern mine = Pattern.compile(Pattern.quote("." + abs.getFileName() + ".") + "[0-9]+\\.tmp");
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + globQuote(abs.getFileName().toString()) + ".*.tmp")) {
            for (Path p : s) {
                if (!mine.matcher(p.getFileName().toString()).matches() || IN_PROGRESS.contains(p)
                        || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                if (now - t.toMillis() < STALE_AFTER_MILLIS) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        Files.deleteIfExists(p);
                        lock.release();
                    }
                } catch (OverlappingFileLockException | IOException e) {
                    // held by a writer in this JVM, or gone: not stale
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a directory we cannot list still gets the new file.
        }
    }

    private static String globQuote(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    private static PosixFileAttributes posixAttributes(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void copyOwnership(PosixFileAttributes previous, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            view.setGroup(previous.group());
            view.setOwner(previous.owner());
        } catch (IOException | SecurityException e) {
            // Only root may give a file away; the permissions below still carry over.
        }
        view.setPermissions(previous.permissions());
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::removeInProgress, "cambium-atomic-file-cleanup"));
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this write is on its own
        }
    }

    private static void removeInProgress() {
        shuttingDown = true; // before the pass, so that a write starting after it sees the flag
        for (Path p : IN_PROGRESS) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing more to do while the JVM exits
            }
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is then skipped. */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename itself is still atomic there.
        }
    }
}
