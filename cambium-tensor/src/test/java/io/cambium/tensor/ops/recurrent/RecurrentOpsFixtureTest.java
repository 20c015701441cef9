package io.cambium.tensor.ops.recurrent;

import static io.cambium.testing.Fixtures.assertClose;

import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SimpleRNN, LSTM and GRU against torch.nn.RNN/LSTM/GRU (tools/fixtures/gen_recurrent.py). */
class RecurrentOpsFixtureTest {
    private static final Fixtures FIX = Fixtures.load("recurrent.json");
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    static Stream<String> cases() {
        return FIX.names().stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTorch(String name) {
        Fixtures.Case c = FIX.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor k = c.tensor("kernel").requiresGrad(true);
        Tensor rk = c.tensor("recurrent_kernel").requiresGrad(true);
        Tensor b = c.tensor("bias").requiresGrad(true);
        Tensor h0 = c.has("h0") ? c.tensor("h0").requiresGrad(true) : null;
        Tensor c0 = c.has("c0") ? c.tensor("c0").requiresGrad(true) : null;
        Tensor mask = c.has("mask") ? c.tensor("mask") : null;
        String kind = c.attr("kind").asText();
        Tensor[] out = switch (kind) {
            case "rnn" -> SimpleRnnOp.forward(x, k, rk, b, h0, mask, GateActivation.TANH, false);
            case "lstm" -> LstmOp.forward(x, k, rk, b, h0, c0, mask, GateActivation.TANH, GateActivation.SIGMOID, false);
            case "gru" -> GruOp.forward(x, k, rk, b, h0, mask, GateActivation.TANH, GateActivation.SIGMOID,
                    b.rank() == 2, false);
            default -> throw new IllegalStateException(kind);
        };
        assertClose(c.id() + " out", c.tensor("out"), out[0], RTOL, ATOL);
        assertClose(c.id() + " hT", c.tensor("hT"), out[1], RTOL, ATOL);
        Tensor loss = out[0].mul(c.tensor("g_out")).sum().add(out[1].mul(c.tensor("g_h")).sum());
        if (c.has("cT")) {
            assertClose(c.id() + " cT", c.tensor("cT"), out[2], RTOL, ATOL);
            loss = loss.add(out[2].mul(c.tensor("g_c")).sum());
        }
        loss.backward();
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), RTOL, ATOL);
        assertClose(c.id() + " g_kernel", c.tensor("g_kernel"), k.grad(), RTOL, ATOL);
        assertClose(c.id() + " g_recurrent_kernel", c.tensor("g_recurrent_kernel"), rk.grad(), RTOL, ATOL);
        assertClose(c.id() + " g_bias", c.tensor("g_bias"), b.grad(), RTOL, ATOL);
        if (h0 != null) {
            assertClose(c.id() + " g_h0", c.tensor("g_h0"), h0.grad(), RTOL, ATOL);
        }
        if (c0 != null) {
            assertClose(c.id() + " g_c0", c.tensor("g_c0"), c0.grad(), RTOL, ATOL);
        }
    }
}
