package io.cambium.board.tensorboard;

import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.SourceMetadata;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends {@link Event} records to a new TensorBoard event file
 * ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}) in a directory. The first record is
 * the file version, {@code brain.Event:2}. An event file is an append-only log that TensorBoard
 * reads while it grows, so it is written in place (not through a temporary file): records are
 * buffered and reach the disk on {@link #flush()}, at most every {@code flushSeconds} when
 * writing, and on {@link #close()}.
 */
public final class EventFileWriter implements Closeable {
    /** The file version TensorBoard expects in the first record. */
    public static final String FILE_VERSION = "brain.Event:2";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path file;
    private final OutputStream out;
    private final long flushNanos;
    private long lastFlush;
    private boolean closed;

    /** A new event file in {@code dir} (created if needed), flushed at least every 10 seconds of writing. */
    public EventFileWriter(Path dir) throws IOException {
        this(dir, 10);
    }

    /** A new event file in {@code dir}, flushed when writing at least every {@code flushSeconds}. */
    public EventFileWriter(Path dir, double flushSeconds) throws IOException {
        Files.createDirectories(dir);
        long now = System.currentTimeMillis();
        String name = "events.out.tfevents." + now / 1000 + "." + host() + "." + ProcessHandle.current().pid() + "."
                + COUNTER.incrementAndGet();
        this.file = dir.resolve(name);
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), 1 << 16);
        this.flushNanos = (long) (flushSeconds * 1e9);
        this.lastFlush = System.nanoTime();
        write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion(FILE_VERSION)
                .setSourceMetadata(SourceMetadata.newBuilder().setWriter("cambium")).build());
        flush();
    }

    private static String host() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /** Appends one event. */
    public synchronized void write(Event event) {
        if (closed) {
            throw new IllegalStateException("EventFileWriter: " + file + " is closed");
        }
        try {
            TfRecords.write(out, event.toByteArray());
            if (System.nanoTime() - lastFlush >= flushNanos) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the buffered records to the file. */
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
            lastFlush = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            out.flush();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the event file " + file + ": " + e.getMessage(), e);
        } finally {
            closed = true;
        }
    }
}
