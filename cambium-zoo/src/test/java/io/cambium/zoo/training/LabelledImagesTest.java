package io.cambium.zoo.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Selections of a few images per class, with held-out images beside them. */
class LabelledImagesTest {
    /** 60 one-pixel images whose value is their index, 20 of each of 3 classes. */
    private static LabelledImages indexed() {
        float[] v = new float[60];
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            v[i] = i;
            y[i] = i % 3;
        }
        return new LabelledImages(new Tensor(v, 60, 1, 1, 1), y);
    }

    private static Set<Float> ids(LabelledImages d) {
        Set<Float> s = new HashSet<>();
        for (float f : d.x().data()) {
            s.add(f);
        }
        return s;
    }

    @Test
    void heldOutImagesAreOtherImagesOfEachClassAndLeaveTheSelectionAsItWas() {
        LabelledImages all = indexed();
        LabelledImages.Split split = all.perClass(4, 6, 7);
        LabelledImages alone = all.perClass(4, 7);
        assertThat(split.selected().x().data()).containsExactly(alone.x().data());
        assertThat(split.selected().y()).containsExactly(alone.y());
        assertThat(split.heldOut().size()).isEqualTo(18);
        int[] perClass = new int[3];
        for (int i = 0; i < 18; i++) {
            perClass[split.heldOut().y()[i]]++;
            // Labels still belong to their images.
            assertThat(Math.round(split.heldOut().x().data()[i]) % 3).isEqualTo(split.heldOut().y()[i]);
        }
        assertThat(perClass).containsExactly(6, 6, 6);
        Set<Float> overlap = ids(split.selected());
        overlap.retainAll(ids(split.heldOut()));
        assertThat(overlap).isEmpty();
        assertThat(ids(split.heldOut())).hasSize(18);
        // Another seed draws other images.
        assertThat(ids(all.perClass(4, 6, 8).heldOut())).isNotEqualTo(ids(split.heldOut()));
    }

    @Test
    void tooFewImagesForSelectionAndHeldOutIsAnError() {
        assertThatThrownBy(() -> indexed().perClass(15, 6, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class 0 has 20 images, 21 asked (15 selected, 6 held out)");
    }
}
