package io.cambium.data.augment;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TextAudioAugmentTest {
    private static final List<String> WORDS = List.of("the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog");
    private final TextAugment eda = new TextAugment(Map.of("quick", List.of("fast", "speedy"),
            "lazy", List.of("idle"), "dog", List.of("hound")));

    @Test
    void synonymReplacementUsesOnlyTheMap() {
        List<String> out = eda.synonymReplacement(WORDS, 2, new Rng(1));
        assertThat(out).hasSize(WORDS.size());
        int changed = 0;
        for (int i = 0; i < out.size(); i++) {
            if (!out.get(i).equals(WORDS.get(i))) {
                changed++;
                assertThat(List.of("fast", "speedy", "idle", "hound")).contains(out.get(i));
            }
        }
        assertThat(changed).isEqualTo(2);
        assertThat(eda.synonymReplacement(WORDS, 2, new Rng(1))).isEqualTo(out);
        assertThat(eda.synonymReplacement(WORDS, 10, new Rng(1))).containsSubsequence("the")
                .doesNotContain("quick", "lazy", "dog");
    }

    @Test
    void insertionSwapDeletion() {
        List<String> ins = eda.randomInsertion(WORDS, 3, new Rng(2));
        assertThat(ins).hasSize(WORDS.size() + 3);
        List<String> extra = new ArrayList<>(ins);
        WORDS.forEach(extra::remove);
        assertThat(extra).hasSize(3).allMatch(w -> List.of("fast", "speedy", "idle", "hound").contains(w));

        List<String> sw = TextAugment.randomSwap(WORDS, 2, new Rng(3));
        assertThat(sw).containsExactlyInAnyOrderElementsOf(WORDS).isNotEqualTo(WORDS);

        List<String> del = TextAugment.randomDeletion(WORDS, 0.5, new Rng(4));
        assertThat(del.size()).isBetween(1, WORDS.size() - 1);
        assertThat(WORDS).containsSubsequence(del);
        assertThat(TextAugment.randomDeletion(WORDS, 1.0, new Rng(5))).hasSize(1);
        assertThat(TextAugment.randomDeletion(WORDS, 0.0, new Rng(5))).isEqualTo(WORDS);
        String s = eda.augment("the quick brown fox", 0.25, new Rng(6));
        assertThat(s).isEqualTo(eda.augment("the quick brown fox", 0.25, new Rng(6)));
        assertThat(WORDS).isEqualTo(List.of("the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"));
    }

    @Test
    void audioShiftEchoCropNoise() {
        Tensor sig = Tensor.of(new float[] {1, 2, 3, 4, 5});
        assertThat(AudioAugment.timeShift(sig, 2, false).toArray()).containsExactly(0, 0, 1, 2, 3);
        assertThat(AudioAugment.timeShift(sig, 2, true).toArray()).containsExactly(4, 5, 1, 2, 3);
        assertThat(AudioAugment.timeShift(sig, -1, false).toArray()).containsExactly(2, 3, 4, 5, 0);
        assertThat(AudioAugment.echo(sig, 2, 0.5).toArray()).containsExactly(1, 2, 3.5f, 5, 6.5f);
        Tensor stereo = Tensor.of(new float[] {1, -1, 2, -2, 3, -3}, 3, 2);
        assertThat(AudioAugment.timeShift(stereo, 1, false).toArray()).containsExactly(0, 0, 1, -1, 2, -2);
        Tensor crop = AudioAugment.randomCrop(sig, 3, new Rng(1));
        assertThat(crop.shape()).containsExactly(3);
        assertThat(crop.get(1) - crop.get(0)).isEqualTo(1f);
        assertThat(crop.get(2) - crop.get(1)).isEqualTo(1f);
        Tensor noise = AudioAugment.gaussianNoise(Tensor.zeros(20000), 0.3, new Rng(7));
        double var = 0;
        for (float v : noise.data()) {
            var += v * v;
        }
        assertThat(Math.sqrt(var / 20000)).isCloseTo(0.3, within(0.01));
        assertThat(AudioAugment.gaussianNoise(sig, 0.3, new Rng(7)).toArray())
                .containsExactly(AudioAugment.gaussianNoise(sig, 0.3, new Rng(7)).toArray());
        List<Float> shifts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            shifts.add(AudioAugment.randomTimeShift(sig, 2, true, new Rng(i)).get(0));
        }
        assertThat(Collections.max(shifts)).isGreaterThan(Collections.min(shifts));
    }
}
