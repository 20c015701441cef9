package io.cambium.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream written by the bench's reference script ({@code tools/fixtures/gen_bench_stream.py}:
 * a tiny CNN of W7's structure, two permutations) read back, converted and run: the Cambium model
 * must give torch's logits; damaged files must be rejected with a message naming the file.
 */
class TorchStreamTest {
    private static final Fixtures.Case CASE = Fixtures.load("stream_tiny_cnn.json").get("tiny_cnn");

    @TempDir
    Path tmp;

    /** W7's structure at 8x12x1: the flattened map is 2 x 3 x 4 (rows, columns, channels all > 1). */
    private static Sequential tinyCnn() {
        Sequential m = new Sequential();
        m.input(8, 12, 1);
        m.add(new Conv2D(3, 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D(4, 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(new Dense(5).activation("relu"));
        m.add(new Dense(3));
        return m;
    }

    private static final List<int[]> TINY_TORCH_SHAPES = List.of(new int[] {3, 1, 3, 3}, new int[] {3},
            new int[] {4, 3, 3, 3}, new int[] {4}, new int[] {5, 24}, new int[] {5}, new int[] {3, 5},
            new int[] {3});

    private Path fixtureCopy() throws IOException {
        Path p = tmp.resolve("stream_tiny_cnn.bin");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/stream_tiny_cnn.bin")) {
            assertThat(in).as("fixtures/stream_tiny_cnn.bin (run tools/fixtures/gen_bench_stream.py)").isNotNull();
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    private TorchStream readTiny(Path file) {
        return TorchStream.read(file, TorchWeights.torchShapes(tinyCnn()), 2, 10);
    }

    @Test
    void torchShapesFollowTheModel() {
        assertThat(TorchWeights.torchShapes(tinyCnn())).containsExactlyElementsOf(TINY_TORCH_SHAPES);
    }

    @Test
    void convertedTorchWeightsGiveTorchsLogits() throws IOException {
        TorchStream s = readTiny(fixtureCopy());
        assertThat(s.seed()).isEqualTo(CASE.attr("seed").asInt());
        Sequential m = tinyCnn();
        TorchWeights.load(m, s.tensors());
        Tensor logits = m.predict(CASE.tensor("x_nhwc"), 4);
        Fixtures.assertClose("tiny CNN logits", CASE.tensor("logits"), logits, 1e-4, 1e-5);
        // The same weights without the first Dense's row reordering give other logits: the
        // reordering is what the test checks, not a coincidence of the fixture.
        Sequential wrong = tinyCnn();
        TorchWeights.load(wrong, s.tensors());
        wrong.layers().get(5).variables().get(0).assign(s.tensors().get(4).permute(1, 0));
        Tensor off = wrong.predict(CASE.tensor("x_nhwc"), 4);
        double maxDiff = 0;
        for (int i = 0; i < off.numel(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(off.data()[i] - logits.data()[i]));
        }
        assertThat(maxDiff).isGreaterThan(1e-3);
    }

    @Test
    void permutationsAreTorchsRandperms() throws IOException {
        TorchStream s = readTiny(fixtureCopy());
        assertThat(s.permutations()).hasSize(2);
        for (int e = 0; e < 2; e++) {
            float[] want = CASE.tensor("perm" + e).data();
            int[] got = s.permutations().get(e);
            assertThat(got).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(got[i]).as("perm %d[%d]", e, i).isEqualTo((int) want[i]);
            }
        }
    }

    @Test
    void loadRejectsParametersOfOtherShapes() throws IOException {
        TorchStream s = readTiny(fixtureCopy());
        List<Tensor> swapped = new java.util.ArrayList<>(s.tensors());
        swapped.set(4, s.tensors().get(4).permute(1, 0));
        assertThatThrownBy(() -> TorchWeights.load(tinyCnn(), swapped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 4").hasMessageContaining("(24, 5)").hasMessageContaining("(5, 24)");
        assertThatThrownBy(() -> TorchWeights.load(tinyCnn(), s.tensors().subList(0, 6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 PyTorch parameters");
    }

    @Test
    void modelsWithLayersItCannotConvertAreRejected() {
        Sequential m = new Sequential();
        m.input(4, 3);
        m.add(new io.cambium.nn.layers.recurrent.LSTM(2));
        assertThatThrownBy(() -> TorchWeights.torchShapes(m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PyTorch conversion");
    }

    @Test
    void truncatedFilesAreRejectedWithTheFieldTheyEndIn() throws IOException {
        byte[] good = Files.readAllBytes(fixtureCopy());
        int[] cuts = {0, 5, 8, 14, 20, 40, good.length - 41, good.length - 1};
        for (int cut : cuts) {
            Path p = tmp.resolve("cut" + cut + ".bin");
            Files.write(p, Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> readTiny(p)).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(p.toString()).hasMessageContaining("truncated");
        }
    }

    @Test
    void oversizedAndHostileFilesAreRejected() throws IOException {
        byte[] good = Files.readAllBytes(fixtureCopy());

        Path longer = tmp.resolve("longer.bin");
        Files.write(longer, Arrays.copyOf(good, good.length + 4));
        assertThatThrownBy(() -> readTiny(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(longer.toString()).hasMessageContaining("more bytes after the last permutation");

        Path magic = write("magic.bin", good, b -> b.put(0, (byte) 'X'));
        assertThatThrownBy(() -> readTiny(magic)).hasMessageContaining("not a stream file");

        // Tensor 0's first dimension (after magic, seed, count, rank) claims 2^31-1 filters.
        Path huge = write("huge.bin", good, b -> b.putInt(8 + 4 + 4 + 4, Integer.MAX_VALUE));
        assertThatThrownBy(() -> readTiny(huge)).hasMessageContaining("tensor 0 has shape (2147483647, 1, 3, 3)");

        Path rank = write("rank.bin", good, b -> b.putInt(8 + 4 + 4, -3));
        assertThatThrownBy(() -> readTiny(rank)).hasMessageContaining("tensor 0 has rank -3");

        Path nan = write("nan.bin", good, b -> b.putFloat(8 + 4 + 4 + 4 + 16, Float.NaN));
        assertThatThrownBy(() -> readTiny(nan)).hasMessageContaining("tensor 0 value 0 is NaN");

        // The last index of the last permutation repeats the one before it.
        Path dup = write("dup.bin", good, b -> b.putInt(good.length - 4, b.getInt(good.length - 8)));
        assertThatThrownBy(() -> readTiny(dup)).hasMessageContaining("permutation 1 is not a permutation of 0..9");

        Path range = write("range.bin", good, b -> b.putInt(good.length - 4, 10));
        assertThatThrownBy(() -> readTiny(range)).hasMessageContaining("index 9 is 10");

        // A good file read with other expectations.
        Path file = fixtureCopy();
        assertThatThrownBy(() -> TorchStream.read(file, TINY_TORCH_SHAPES, 3, 10))
                .hasMessageContaining("2 permutations of 10, expected 3 of 10");
        assertThatThrownBy(() -> TorchStream.read(file, TINY_TORCH_SHAPES.subList(0, 7), 2, 10))
                .hasMessageContaining("8 tensors, expected 7");

        Path missing = tmp.resolve("missing.bin");
        assertThatThrownBy(() -> readTiny(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    private Path write(String name, byte[] good, java.util.function.Consumer<ByteBuffer> damage) throws IOException {
        byte[] copy = good.clone();
        damage.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        Path p = tmp.resolve(name);
        Files.write(p, copy);
        return p;
    }
}
