package io.cambium.zoo.experiments.vision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Q40ResNetTest {
    @Test
    void anAccuracyClaimNeedsMoreThanChanceAndNoise() {
        // Two networks that did not learn (quick mode's 0.09-0.16) show nothing, whatever their order.
        ExperimentReport.Claim chance = Q40ResNet.moreAccurate("deeper", 0.16, 0.09, 800, 10, "0.16 against 0.09");
        assertThat(chance.holds()).isFalse();
        assertThat(chance.text()).contains("neither learned beyond twice the chance level (0.20)");
        // One point on 1,000 images is inside twice the standard error (0.0274).
        ExperimentReport.Claim noise = Q40ResNet.moreAccurate("deeper", 0.90, 0.89, 1000, 10, "0.90 against 0.89");
        assertThat(noise.holds()).isFalse();
        assertThat(noise.text()).contains("difference +0.0100, twice its standard error on 1,000 test images 0.0274");
        // Five points are outside it.
        assertThat(Q40ResNet.moreAccurate("deeper", 0.90, 0.85, 1000, 10, "").holds()).isTrue();
        assertThat(Q40ResNet.moreAccurate("deeper", 0.85, 0.90, 1000, 10, "").holds()).isFalse();
    }
}
