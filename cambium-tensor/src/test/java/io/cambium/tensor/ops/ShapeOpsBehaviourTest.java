package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Shapes, views and error messages of the shape and indexing ops. */
class ShapeOpsBehaviourTest {

    @Test
    void squeezeUnsqueezeAndFlattenAreViews() {
        Tensor x = Tensor.arange(6).reshape(1, 2, 1, 3);
        assertThat(x.squeeze().shape()).containsExactly(2, 3);
        assertThat(x.squeeze(0).shape()).containsExactly(2, 1, 3);
        assertThat(x.squeeze(-2).shape()).containsExactly(1, 2, 3);
        assertThat(x.unsqueeze(-1).shape()).containsExactly(1, 2, 1, 3, 1);
        assertThat(x.unsqueeze(0).shape()).containsExactly(1, 1, 2, 1, 3);
        assertThat(x.flatten(1, -1).shape()).containsExactly(1, 6);
        assertThat(x.flatten(0, 1).shape()).containsExactly(2, 1, 3);
        assertThat(x.squeeze().data()).isSameAs(x.data());
        assertThatThrownBy(() -> x.squeeze(1)).hasMessageContaining("squeeze").hasMessageContaining("(1, 2, 1, 3)");
    }

    @Test
    void sliceFollowsPython() {
        Tensor v = Tensor.arange(10);
        assertThat(v.slice(0, -3, Slicing.NONE).toArray()).containsExactly(7, 8, 9);
        assertThat(v.slice(0, Slicing.NONE, Slicing.NONE, -3).toArray()).containsExactly(9, 6, 3, 0);
        assertThat(v.slice(0, 8, 2, -2).toArray()).containsExactly(8, 6, 4);
        assertThat(v.slice(0, -100, 2).toArray()).containsExactly(0, 1);
        assertThat(v.slice(0, 5, 3).numel()).isZero();
        assertThatThrownBy(() -> v.slice(0, 0, 5, 0)).hasMessageContaining("step");
    }

    @Test
    void splitAndConcatRoundTrip() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor[] parts = x.split(2, 1, 3);
        assertThat(parts[1].shape()).containsExactly(2, 3, 3);
        assertThat(Tensor.concat(-1, parts).toArray()).containsExactly(x.toArray());
        assertThat(Tensor.stack(0, x, x).shape()).containsExactly(2, 2, 3, 4);
        assertThatThrownBy(() -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .hasMessageContaining("concat").hasMessageContaining("(2, 4)").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> x.split(1, 2, 2)).hasMessageContaining("split").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> x.splitEqual(2, 3)).hasMessageContaining("3 equal parts");
    }

    @Test
    void tileFollowsNumPy() {
        Tensor x = Tensor.of(new float[] {1, 2});
        assertThat(x.tile(3).toArray()).containsExactly(1, 2, 1, 2, 1, 2);
        assertThat(x.tile(2, 1).shape()).containsExactly(2, 2);
        assertThatThrownBy(() -> Tensor.zeros(2, 2).repeat(2)).hasMessageContaining("repeat");
    }

    @Test
    void indexErrorsNameTheValueAndTheRange() {
        Tensor w = Tensor.zeros(10, 4);
        assertThatThrownBy(() -> Tensor.embedding(w, Tensor.of(new float[] {1, 12})))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("embedding").hasMessageContaining("12")
                .hasMessageContaining("vocabulary size 10");
        assertThatThrownBy(() -> Tensor.embedding(w, Tensor.of(new float[] {1.5f})))
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> Tensor.embedding(Tensor.zeros(10), Tensor.of(new float[] {1})))
                .hasMessageContaining("[vocab, dim]");
        assertThatThrownBy(() -> w.indexSelect(0, 3, 10)).hasMessageContaining("index_select")
                .hasMessageContaining("10").hasMessageContaining("(10, 4)");
        assertThatThrownBy(() -> w.gather(1, Tensor.of(new float[] {4}, 1, 1))).hasMessageContaining("gather")
                .hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> w.gather(1, Tensor.zeros(11, 1))).hasMessageContaining("gather")
                .hasMessageContaining("(11, 1)");
        assertThatThrownBy(() -> w.scatterAdd(0, Tensor.zeros(2, 2), Tensor.zeros(1, 2)))
                .hasMessageContaining("scatter_add").hasMessageContaining("(1, 2)");
        assertThatThrownBy(() -> Tensor.of(new float[] {0, 3}).oneHot(3)).hasMessageContaining("one_hot")
                .hasMessageContaining("3 classes");
    }

    @Test
    void padErrors() {
        Tensor x = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> x.padReflect(new int[][] {{0, 0}, {3, 0}})).hasMessageContaining("reflect")
                .hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> x.pad(new int[][] {{1, 1}}, 0f)).hasMessageContaining("one pair per axis");
        assertThat(x.pad(new int[][] {{0, 0}, {1, 2}}, 3f).shape()).containsExactly(2, 6);
    }

    @Test
    void oneHotAddsAClassAxis() {
        Tensor h = Tensor.of(new float[] {2, 0}).oneHot(3);
        assertThat(h.shape()).containsExactly(2, 3);
        assertThat(h.toArray()).containsExactly(0, 0, 1, 1, 0, 0);
    }

    @Test
    void normalizationErrorsNameShapes() {
        Tensor x = Tensor.zeros(4, 3);
        assertThatThrownBy(() -> x.layerNorm(Tensor.ones(4), null, 1e-5f)).hasMessageContaining("layer_norm")
                .hasMessageContaining("(4,)").hasMessageContaining("(3,)");
        assertThatThrownBy(() -> x.layerNorm(3, null, null, 1e-5f)).hasMessageContaining("layer_norm");
        assertThatThrownBy(() -> x.batchNormTraining(null, Tensor.ones(2), 1e-3f)).hasMessageContaining("batch_norm")
                .hasMessageContaining("beta");
        BatchNormResult one = Tensor.of(new float[] {1, 2}, 1, 2).batchNormTraining(null, null, 1e-3f);
        assertThat(one.unbiasedVariance().toArray()).containsExactly(0f, 0f);
    }
}
