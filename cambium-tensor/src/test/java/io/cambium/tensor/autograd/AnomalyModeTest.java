package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyModeTest {

    @Test
    void offByDefaultNonFiniteValuesPassSilently() {
        assertThat(AnomalyMode.isEnabled()).isFalse();
        Tensor y = Tensor.of(new float[] {1, 0}).log();
        assertThat(y.toArray()[1]).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void forwardNamesTheFirstOpThatProducedInfFromFiniteInputs() {
        Tensor x = Tensor.of(new float[] {1, 0, 2}).requiresGrad(true);
        AnomalyException e;
        try (AnomalyMode m = AnomalyMode.enable(); AnomalyMode.Origin o = AnomalyMode.origin("model")) {
            AnomalyMode.step(7, "epoch 1, batch 7");
            Tensor h = x.mul(2f);
            try (AnomalyMode.Origin inner = AnomalyMode.origin("dense_3")) {
                e = catchThrowableOfType(AnomalyException.class, () -> h.log().sum());
            }
        }
        assertThat(e.phase()).isEqualTo(AnomalyException.Phase.FORWARD);
        assertThat(e.op()).isEqualTo("log");
        assertThat(e.origin()).isEqualTo("model/dense_3");
        assertThat(e.step()).isEqualTo(7);
        assertThat(e.getMessage()).contains("'log' produced -Inf at element 1", "layer 'model/dense_3'", "step 7",
                "epoch 1, batch 7");
        assertThat(AnomalyMode.isEnabled()).isFalse();
    }

    @Test
    void aNonFiniteInputIsReportedAsAlreadyPresent() {
        Tensor w = Tensor.of(new float[] {1, Float.NaN}).requiresGrad(true);
        try (AnomalyMode m = AnomalyMode.enable()) {
            AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> w.mul(3f));
            assertThat(e.phase()).isEqualTo(AnomalyException.Phase.INPUT);
            assertThat(e.getMessage()).contains("input 0 of 'mul', a weight (leaf tensor) of shape (2,)",
                    "already holds NaN at element 1", "outside any layer");
        }
    }

    @Test
    void backwardNamesTheOpWhoseRuleReturnedInfAndTheLayerItRanIn() {
        // sqrt(0) is finite; its gradient 0.5 / sqrt(0) is not.
        Tensor x = Tensor.of(new float[] {4, 0}).requiresGrad(true);
        try (AnomalyMode m = AnomalyMode.enable()) {
            Tensor loss;
            try (AnomalyMode.Origin o = AnomalyMode.origin("dense_1")) {
                loss = x.sqrt().sum();
            }
            AnomalyException e = catchThrowableOfType(AnomalyException.class, loss::backward);
            assertThat(e.phase()).isEqualTo(AnomalyException.Phase.BACKWARD);
            assertThat(e.op()).isEqualTo("sqrt");
            assertThat(e.origin()).isEqualTo("dense_1");
            assertThat(e.getMessage()).contains("the backward of 'sqrt' returned +Inf at element 1 of the gradient of"
                    + " input 0 (2,) from a finite incoming gradient");
        }
        // Without the mode the same computation gives the non-finite gradient silently.
        Tensor y = Tensor.of(new float[] {4, 0}).requiresGrad(true);
        y.sqrt().sum().backward();
        assertThat(y.grad().toArray()[1]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void scopesNestOriginsAreTrimmedAndOtherThreadsAreUnaffected() throws Exception {
        try (AnomalyMode outer = AnomalyMode.enable()) {
            try (AnomalyMode inner = AnomalyMode.enable()) {
                assertThat(AnomalyMode.isEnabled()).isTrue();
            }
            assertThat(AnomalyMode.isEnabled()).isTrue();
            AnomalyMode.Origin a = AnomalyMode.origin("a");
            AnomalyMode.origin("b"); // left open, as by an exception below it
            assertThat(AnomalyMode.currentOrigin()).isEqualTo("a/b");
            a.close();
            assertThat(AnomalyMode.currentOrigin()).isNull();
            Thread t = new Thread(() -> Tensor.of(new float[] {0}).log());
            Throwable[] failure = new Throwable[1];
            t.setUncaughtExceptionHandler((th, ex) -> failure[0] = ex);
            t.start();
            t.join();
            assertThat(failure[0]).isNull();
        }
        assertThat(AnomalyMode.isEnabled()).isFalse();
        assertThat(AnomalyMode.origin("x")).isSameAs(AnomalyMode.origin("y")); // the no-op scope when off
    }

    @Test
    void finiteComputationsPassWithTheModeOn() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        try (AnomalyMode m = AnomalyMode.enable()) {
            x.mul(x).sum().backward();
        }
        assertThat(x.grad().toArray()).containsExactly(2, 4, 6);
        assertThatThrownBy(() -> {
            try (AnomalyMode m = AnomalyMode.enable()) {
                Tensor.of(new float[] {Float.MAX_VALUE}).mul(10f);
            }
        }).isInstanceOf(AnomalyException.class).hasMessageContaining("'mul' produced +Inf");
    }
}
