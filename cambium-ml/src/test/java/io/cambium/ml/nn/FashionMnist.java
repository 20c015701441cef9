package io.cambium.ml.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the first records of the Fashion-MNIST IDX files (pixels scaled to [0, 1]). */
final class FashionMnist {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Images [count][784] and labels [count]. */
    record Part(double[][] x, int[] y) {
    }

    private FashionMnist() {
    }

    static boolean available() {
        return Files.exists(DIR.resolve("train-images-idx3-ubyte.gz"));
    }

    /** The first {@code count} samples of the training ("train") or test ("t10k") split. */
    static Part read(String split, int count) {
        try (DataInputStream im = open(split + "-images-idx3-ubyte.gz");
                DataInputStream lb = open(split + "-labels-idx1-ubyte.gz")) {
            if (im.readInt() != 2051 || lb.readInt() != 2049) {
                throw new IllegalStateException("Fashion-MNIST " + split + ": bad IDX magic numbers");
            }
            int n = Math.min(im.readInt(), count);
            lb.readInt();
            int rows = im.readInt();
            int cols = im.readInt();
            double[][] x = new double[n][rows * cols];
            int[] y = new int[n];
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                im.readFully(buf);
                for (int j = 0; j < buf.length; j++) {
                    x[i][j] = (buf[j] & 0xFF) / 255.0;
                }
                y[i] = lb.readUnsignedByte();
            }
            return new Part(x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(String file) throws IOException {
        InputStream in = new GZIPInputStream(new BufferedInputStream(new FileInputStream(DIR.resolve(file).toFile())));
        return new DataInputStream(new BufferedInputStream(in));
    }
}
