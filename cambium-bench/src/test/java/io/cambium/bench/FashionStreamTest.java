package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.bench.stream.TorchStream;
import io.cambium.bench.stream.TorchWeights;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which random stream W7 trains from, and what it tells the reference. */
class FashionStreamTest {
    @Test
    void theW7NetworkTakesTheReferencesParameterShapes() {
        // reference.py's cnn_net(): Conv2d(1, 32, 3), Conv2d(32, 64, 3), Linear(3136, 128), Linear(128, 10).
        assertThat(TorchWeights.torchShapes(FashionWorkload.seededCnn())).containsExactly(
                new int[] {32, 1, 3, 3}, new int[] {32}, new int[] {64, 32, 3, 3}, new int[] {64},
                new int[] {128, 3136}, new int[] {128}, new int[] {10, 128}, new int[] {10});
    }

    @Test
    void withoutAReferenceW7KeepsItsOwnStream() {
        FashionWorkload w = new FashionWorkload(2);
        assumeTrue(w.missing() == null, "Fashion-MNIST files not installed");
        w.prepare(Reference.disabled("not requested"));
        assertThat(w.stream()).isEqualTo("cambium seed 0");
        assertThat(w.referenceArgs()).isEmpty();
    }

    @Test
    void aReferenceStreamIsUsedAndPassedBackToTheReference() {
        FashionWorkload w = new FashionWorkload(2);
        assumeTrue(w.missing() == null, "Fashion-MNIST files not installed");
        List<Tensor> params = new ArrayList<>();
        for (int[] s : TorchWeights.torchShapes(FashionWorkload.seededCnn())) {
            params.add(Tensor.zeros(s));
        }
        List<int[]> perms = List.of(new int[] {0}, new int[] {0}, new int[] {0});
        Path file = Path.of("/tmp/w7-stream.bin");
        w.useTorchStream(new TorchStream(0, params, perms), file);
        assertThat(w.stream()).isEqualTo("torch seed 0");
        assertThat(w.referenceArgs()).containsExactly("--stream", file.toString());
        // A stream made for another number of epochs is refused.
        assertThatThrownBy(() -> w.useTorchStream(new TorchStream(0, params, perms.subList(0, 2)), file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 permutations for 3 epochs");
        // Without the dataset there is no stream to speak of.
        FashionWorkload none = new FashionWorkload(1, 1, 64, 64, Path.of("/nonexistent-fashion-dir"));
        none.prepare(Reference.disabled("not requested"));
        assertThat(none.stream()).isNull();
    }
}
