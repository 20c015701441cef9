package io.cambium.data.loaders;

import io.cambium.data.Dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Plain UTF-8 text files as streaming datasets of lines or characters. */
public final class TextFiles {
    private TextFiles() {
    }

    /** The lines of a file (without line terminators), read lazily on each pass. */
    public static Dataset<String> lines(Path file) {
        return Dataset.fromSupplier(() -> new ReaderIterator<String>(open(file)) {
            @Override
            String read() throws IOException {
                return reader.readLine();
            }
        });
    }

    /** The characters (Unicode code points) of a file, read lazily on each pass. */
    public static Dataset<Integer> codePoints(Path file) {
        return Dataset.fromSupplier(() -> new ReaderIterator<Integer>(open(file)) {
            @Override
            Integer read() throws IOException {
                int c = reader.read();
                if (c < 0) {
                    return null;
                }
                if (Character.isHighSurrogate((char) c)) {
                    int low = reader.read();
                    if (low >= 0) {
                        return Character.toCodePoint((char) c, (char) low);
                    }
                }
                return c;
            }
        });
    }

    /** The whole file as one string (for corpora that fit in memory). */
    public static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("text file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("text file " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedReader open(Path file) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("text file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("text file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads items one at a time and closes the file at the end or on close. */
    private abstract static class ReaderIterator<T> implements Iterator<T>, AutoCloseable {
        final BufferedReader reader;
        private T next;
        private boolean done;

        ReaderIterator(BufferedReader reader) {
            this.reader = reader;
        }

        abstract T read() throws IOException;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (next == null) {
                    close();
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = next;
            next = null;
            return t;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
