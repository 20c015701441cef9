package io.cambium.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A UTF-8 {@link PrintStream} that writes into a {@link PrintWriter}, for APIs that print to streams. */
public final class WriterStream extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private WriterStream(PrintWriter out) {
        this.out = out;
    }

    /** A print stream whose text goes to {@code out}. */
    public static PrintStream of(PrintWriter out) {
        return new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n' || b == '\r') {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        flush();
    }

    @Override
    public synchronized void flush() {
        if (pending.size() > 0) {
            out.write(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        out.flush();
    }
}
