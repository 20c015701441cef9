package io.cambium.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The pool hands back what was given, by exact length, once, and only large arrays. */
class ArrayPoolTest {
    @Test
    void anArrayGivenBackIsTheNextOneTakenOfItsLength() {
        float[] a = new float[ArrayPool.MIN_LENGTH + 11];
        ArrayPool.give(a);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 12)).isNotSameAs(a).hasSize(ArrayPool.MIN_LENGTH + 12);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 11)).isSameAs(a);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 11)).isNotSameAs(a);
    }

    @Test
    void smallArraysAreNeitherKeptNorReused() {
        float[] small = new float[ArrayPool.MIN_LENGTH - 1];
        ArrayPool.give(small);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH - 1)).isNotSameAs(small);
    }

    @Test
    void anArrayGivenTwiceIsHandedOutOnce() {
        float[] a = new float[ArrayPool.MIN_LENGTH + 13];
        ArrayPool.give(a);
        ArrayPool.give(a);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 13)).isSameAs(a);
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 13)).isNotSameAs(a);
    }

    @Test
    void clearDropsEverything() {
        float[] a = new float[ArrayPool.MIN_LENGTH + 17];
        ArrayPool.give(a);
        assertThat(ArrayPool.heldFloats()).isGreaterThanOrEqualTo(a.length);
        ArrayPool.clear();
        assertThat(ArrayPool.heldFloats()).isZero();
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 17)).isNotSameAs(a);
    }

    @Test
    void thePoolKeepsNoArrayAlive() {
        float[] a = new float[ArrayPool.MIN_LENGTH + 31];
        WeakReference<float[]> probe = new WeakReference<>(a);
        ArrayPool.give(a);
        a = null;
        for (int i = 0; i < 10 && probe.get() != null; i++) {
            System.gc();
        }
        assertThat(probe.get()).isNull();
        assertThat(ArrayPool.take(ArrayPool.MIN_LENGTH + 31)).isNotNull();
    }

    @Test
    void atMostALimitedNumberPerLengthIsKept() {
        int n = ArrayPool.MIN_LENGTH + 19;
        float[][] given = new float[ArrayPool.PER_LENGTH + 3][];
        for (int i = 0; i < given.length; i++) {
            given[i] = new float[n];
            ArrayPool.give(given[i]);
        }
        int reused = 0;
        for (int i = 0; i < given.length; i++) {
            float[] t = ArrayPool.take(n);
            for (float[] g : given) {
                reused += t == g ? 1 : 0;
            }
        }
        assertThat(reused).isEqualTo(ArrayPool.PER_LENGTH);
    }
}
