package io.cambium.data.loaders;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void embeddedSubsetIsRealFashionMnist() {
        FashionMnist.Data d = FashionMnist.loadEmbedded();
        assertThat(d.subset()).isTrue();
        assertThat(d.source()).isEqualTo("embedded subset");
        assertThat(d.xTrain().shape()).containsExactly(2000, 28, 28, 1);
        assertThat(d.yTrain().shape()).containsExactly(2000);
        assertThat(d.xTest().shape()).containsExactly(500, 28, 28, 1);
        // The first training labels of Fashion-MNIST are 9 (ankle boot), 0, 0, 3, 0, 2.
        assertThat(Tensor.of(java.util.Arrays.copyOf(d.yTrain().data(), 6)).toArray())
                .containsExactly(9f, 0f, 0f, 3f, 0f, 2f);
        int[] counts = new int[10];
        float max = 0;
        for (float v : d.yTrain().data()) {
            counts[(int) v]++;
        }
        for (float v : d.xTrain().data()) {
            max = Math.max(max, v);
        }
        assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isGreaterThan(150);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void prefersADirectoryWithTheFilesAndReportsIt() {
        Path empty = dir.resolve("empty");
        FashionMnist.Data sub = FashionMnist.loadEmbedded();
        Path full = dir.resolve("fm");
        full.toFile().mkdirs();
        write(full, "train-images-idx3-ubyte.gz", sub.xTrain(), 20, 3);
        write(full, "train-labels-idx1-ubyte.gz", sub.yTrain(), 20, 1);
        write(full, "t10k-images-idx3-ubyte", sub.xTest(), 5, 3);
        write(full, "t10k-labels-idx1-ubyte", sub.yTest(), 5, 1);
        FashionMnist.Data d = FashionMnist.load(List.of(empty, full));
        assertThat(d.source()).isEqualTo(full.toString());
        assertThat(d.subset()).isFalse();
        assertThat(d.xTrain().shape()).containsExactly(20, 28, 28, 1);
        assertThat(d.yTest().toArray()).containsExactly(java.util.Arrays.copyOf(sub.yTest().data(), 5));
        assertThat(FashionMnist.load(List.of(empty)).source()).isEqualTo("embedded subset");
    }

    @Test
    void mismatchedLabelCountIsReported() {
        FashionMnist.Data sub = FashionMnist.loadEmbedded();
        write(dir, "train-images-idx3-ubyte", sub.xTrain(), 20, 3);
        write(dir, "train-labels-idx1-ubyte", sub.yTrain(), 19, 1);
        write(dir, "t10k-images-idx3-ubyte", sub.xTest(), 5, 3);
        write(dir, "t10k-labels-idx1-ubyte", sub.yTest(), 5, 1);
        assertThatThrownBy(() -> FashionMnist.load(List.of(dir)))
                .hasMessageContaining("train has 20 images but labels of shape (19,)");
    }

    private static void write(Path dir, String name, Tensor t, int n, int rank) {
        boolean images = rank == 3;
        int per = images ? 784 : 1;
        byte[] b = new byte[n * per];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(t.data()[i] * (images ? 255f : 1f));
        }
        Idx.writeUbyte(dir.resolve(name), images ? new int[] {n, 28, 28} : new int[] {n}, b, name.endsWith(".gz"));
    }
}
