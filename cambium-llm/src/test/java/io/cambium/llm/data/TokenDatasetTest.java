package io.cambium.llm.data;

import io.cambium.data.Example;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenDatasetTest {
    @TempDir
    Path dir;

    /** Token i is i % 97, so a window's content reveals where it starts. */
    private static int[] ramp(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 97;
        }
        return ids;
    }

    @Test
    void randomWindowsAreConsecutiveTokensWithTargetsShiftedByOne() throws Exception {
        Path f = dir.resolve("ramp.tok");
        TokenFile.write(f, 97, ramp(1000));
        TokenDataset ds = TokenDataset.open(f);
        TokenBatch b = ds.randomBatch(8, 16, new Rng(1));
        assertThat(b.batch()).isEqualTo(8);
        for (int r = 0; r < 8; r++) {
            for (int t = 0; t < 16; t++) {
                int x = b.x()[r * 16 + t];
                assertThat(b.y()[r * 16 + t]).isEqualTo((x + 1) % 97);
                if (t > 0) {
                    assertThat(x).isEqualTo((b.x()[r * 16 + t - 1] + 1) % 97);
                }
            }
        }
        assertThat(b.xTensor().shape()).containsExactly(8, 16);
        assertThat(b.yTensor().toArray()[0]).isEqualTo((float) b.y()[0]);
    }

    @Test
    void randomStartsCoverTheWholeRangeAndNothingBeyond() {
        int n = 40;
        TokenDataset ds = TokenDataset.of(java.util.stream.IntStream.range(0, n).toArray(), n);
        boolean[] seen = new boolean[n];
        Rng rng = new Rng(7);
        for (int i = 0; i < 500; i++) {
            TokenBatch b = ds.randomBatch(4, 8, rng);
            for (int r = 0; r < 4; r++) {
                int start = b.x()[r * 8];
                assertThat(start).isBetween(0, n - 8 - 1);
                seen[start] = true;
            }
        }
        for (int s = 0; s < n - 8; s++) {
            assertThat(seen[s]).as("start %d", s).isTrue();
        }
    }

    @Test
    void restoringTheGeneratorStateRepeatsTheBatches() {
        TokenDataset ds = TokenDataset.of(ramp(5000), 97);
        Rng rng = new Rng(42);
        ds.randomBatch(4, 32, rng);
        long[] state = rng.state();
        TokenBatch a = ds.randomBatch(4, 32, rng);
        Rng resumed = new Rng(0);
        resumed.setState(state);
        TokenBatch b = ds.randomBatch(4, 32, resumed);
        assertThat(b.x()).containsExactly(a.x());
        assertThat(new Rng(42).nextLong()).isEqualTo(new Rng(42).nextLong());
        assertThat(ds.randomBatch(4, 32, new Rng(43)).x()).isNotEqualTo(ds.randomBatch(4, 32, new Rng(42)).x());
    }

    @Test
    void sequentialBatchesWalkNonOverlappingWindowsInOrder() {
        TokenDataset ds = TokenDataset.of(java.util.stream.IntStream.range(0, 50).toArray(), 50);
        assertThat(ds.sequentialWindows(8)).isEqualTo(6); // (50 - 1) / 8
        assertThat(ds.sequentialBatches(4, 8)).isEqualTo(2);
        List<TokenBatch> all = new ArrayList<>();
        ds.sequential(4, 8).forEach(all::add);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).batch()).isEqualTo(4);
        assertThat(all.get(1).batch()).isEqualTo(2);
        assertThat(all.get(1).x()[8]).isEqualTo(40);
        assertThat(all.get(1).y()[15]).isEqualTo(48);
        assertThat(all.get(0).x()[0]).isZero();
        assertThat(all.get(0).y()[0]).isEqualTo(1);
        assertThatThrownBy(() -> ds.sequentialBatch(2, 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void splitIsContiguousTrainThenValidation() {
        TokenDataset ds = TokenDataset.of(java.util.stream.IntStream.range(0, 100).toArray(), 100);
        TokenDataset.Split s = ds.split(0.1);
        assertThat(s.train().length()).isEqualTo(90);
        assertThat(s.validation().length()).isEqualTo(10);
        assertThat(s.validation().get(0)).isEqualTo(90);
        TokenBatch v = s.validation().sequentialBatch(0, 1, 9);
        assertThat(v.x()).containsExactly(90, 91, 92, 93, 94, 95, 96, 97, 98);
        assertThat(v.y()[8]).isEqualTo(99);
        for (int i = 0; i < 200; i++) {
            TokenBatch b = s.train().randomBatch(2, 10, new Rng(i));
            assertThat(java.util.Arrays.stream(b.y()).max().getAsInt()).isLessThan(90);
        }
        assertThatThrownBy(() -> ds.split(0)).hasMessageContaining("must be in (0, 1)");
        assertThatThrownBy(() -> ds.split(0.001)).hasMessageContaining("leaves a part empty");
    }

    @Test
    void tooShortRangesAndBadArgumentsAreReported() {
        TokenDataset ds = TokenDataset.of(new int[] {1, 2, 3}, 4);
        assertThatThrownBy(() -> ds.randomBatch(1, 3, new Rng(0)))
                .hasMessageContaining("a window of context 3 needs 4 tokens, but this part has 3");
        assertThatThrownBy(() -> ds.randomBatch(0, 1, new Rng(0))).hasMessageContaining("batch size must be >= 1");
        assertThatThrownBy(() -> ds.randomBatch(1, 0, new Rng(0))).hasMessageContaining("context length must be >= 1");
        assertThatThrownBy(() -> TokenDataset.of(new int[] {4}, 4)).hasMessageContaining("outside the vocabulary [0, 4)");
    }

    @Test
    void datasetAdaptersGiveTensorsAndReproduciblePasses() {
        TokenDataset ds = TokenDataset.of(ramp(300), 97);
        List<Example> seq = new ArrayList<>();
        ds.sequentialDataset(3, 10).forEach(seq::add);
        assertThat(seq).hasSize(10); // 29 windows, batches of 3
        assertThat(seq.get(9).x().shape()).containsExactly(2, 10);
        var random = ds.randomDataset(2, 10, 5, 99);
        List<Example> pass1 = new ArrayList<>();
        random.forEach(pass1::add);
        assertThat(pass1).hasSize(5);
        assertThat(pass1.get(0).x().toArray()).containsExactly(ds.randomBatch(2, 10, new Rng(99)).xTensor().toArray());
        List<Example> pass2 = new ArrayList<>();
        random.forEach(pass2::add);
        assertThat(pass2.get(0).x().toArray()).containsExactly(ds.randomBatch(2, 10, new Rng(100)).xTensor().toArray());
    }
}
