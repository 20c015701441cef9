package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Integer labels and token ids enter and leave float32 tensors exactly, or fail loudly. */
class IntegerValuesTest {
    @Test
    void intArraysRoundTripExactlyUpTo2To24() {
        int[] ids = {0, 7, -3, 50_256, (1 << 24) - 1, 1 << 24};
        Tensor t = Tensor.of(ids);
        assertThat(t.shape()).containsExactly(6);
        assertThat(t.toIntArray()).containsExactly(ids);
        Tensor m = Tensor.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(m.shape()).containsExactly(2, 3);
        assertThat(m.toIntArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Tensor.of(new int[] {1, 2, 3, 4}, 2, 2).shape()).containsExactly(2, 2);
    }

    @Test
    void valuesFloat32CannotHoldExactlyAreRejected() {
        // 2^24 + 1 would silently become 2^24 in a float.
        assertThatThrownBy(() -> Tensor.of(new int[] {5, (1 << 24) + 1}))
                .hasMessageContaining("integer 16777217 at position 1").hasMessageContaining("2^24");
        assertThatThrownBy(() -> Tensor.of(new int[][] {{1, 2}, {3}})).hasMessageContaining("row 1 has 1 values, expected 2");
        assertThatThrownBy(() -> Tensor.of(new float[] {1f, 2.5f}).toIntArray())
                .hasMessageContaining("value 2.5 at flat position 1").hasMessageContaining("not an integer");
    }
}
