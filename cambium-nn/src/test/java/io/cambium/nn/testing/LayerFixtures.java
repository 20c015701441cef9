package io.cambium.nn.testing;

import static io.cambium.testing.Fixtures.assertClose;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;

/** Compares a layer with a PyTorch fixture case: output, input gradient and weight gradients. */
public final class LayerFixtures {
    private LayerFixtures() {
    }

    /**
     * Runs {@code layer} on the case's input with the case's weights (in the layer's variable order;
     * weights not named keep their values) and compares the output and every gradient.
     */
    public static void matches(Fixtures fix, Layer layer, String name, String inputName, boolean training,
                               String... weights) {
        Fixtures.Case c = fix.get(name);
        Tensor x = c.tensor(inputName);
        boolean differentiable = !inputName.equals("ids");
        if (differentiable) {
            x.requiresGrad(true);
        }
        if (weights.length > 0) {
            layer.ensureBuilt(List.of(x.shape()));
            List<Tensor> ws = new ArrayList<>();
            for (String w : weights) {
                ws.add(c.tensor(w));
            }
            List<Tensor> current = layer.getWeights();
            for (int i = ws.size(); i < current.size(); i++) {
                ws.add(current.get(i));
            }
            layer.setWeights(ws);
        }
        Tensor y = layer.apply(x, training);
        assertClose(c.id() + " out", c.tensor("out"), y, 1e-4, 1e-5);
        y.backward(c.tensor("gout"));
        if (differentiable && c.has("g" + inputName)) {
            assertClose(c.id() + " gx", c.tensor("g" + inputName), x.grad(), 1e-4, 1e-5);
        }
        List<Variable> vars = layer.trainableVariables();
        for (int i = 0; i < weights.length; i++) {
            if (c.has("g" + weights[i])) {
                assertClose(c.id() + " g" + weights[i], c.tensor("g" + weights[i]), vars.get(i).grad(), 1e-4, 1e-5);
            }
        }
    }
}
