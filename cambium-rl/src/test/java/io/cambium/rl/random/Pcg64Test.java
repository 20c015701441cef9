package io.cambium.rl.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** NumPy's default_rng(seed) streams (tools/fixtures/gen_rl_envs.py, "rng" section). */
class Pcg64Test {
    @Test
    void matchesNumpyDefaultRngBitForBit() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/rl_envs.json")) {
            cases = new ObjectMapper().readTree(in).get("rng");
        }
        assertThat(cases.size()).isEqualTo(5);
        for (JsonNode c : cases) {
            Pcg64 g = new Pcg64(c.get("seed").asLong());
            for (JsonNode r : c.get("random")) {
                assertThat(g.random()).as("seed %s random", c.get("seed")).isEqualTo(r.asDouble());
            }
            int[] bounds = {2, 3, 7, 1000, Integer.MAX_VALUE, 1};
            for (int i = 0; i < bounds.length; i++) {
                assertThat(g.integers(bounds[i])).as("seed %s integers(%d)", c.get("seed"), bounds[i])
                        .isEqualTo(c.get("integers").get(i).asInt());
            }
            for (JsonNode u : c.get("uniform")) {
                assertThat(g.uniform(-0.05, 0.05)).isEqualTo(u.asDouble());
            }
        }
    }

    @Test
    void stateRoundTripsAndNegativeSeedsAreRejected() {
        Pcg64 g = new Pcg64(7);
        g.integers(5);
        long[] s = g.state();
        double a = g.random();
        int b = g.integers(9);
        Pcg64 h = new Pcg64(0);
        h.setState(s);
        assertThat(h.random()).isEqualTo(a);
        assertThat(h.integers(9)).isEqualTo(b);
        assertThatThrownBy(() -> new Pcg64(-1)).hasMessageContaining("non-negative").hasMessageContaining("-1");
    }

    @Test
    void categoricalFollowsTheProbabilities() {
        Pcg64 g = new Pcg64(3);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[g.categorical(new double[] {0.2, 0.5, 0.3})]++;
        }
        assertThat(counts[0] / 30_000.0).isBetween(0.19, 0.21);
        assertThat(counts[1] / 30_000.0).isBetween(0.49, 0.51);
        assertThat(counts[2] / 30_000.0).isBetween(0.29, 0.31);
    }
}
