package io.cambium.nn.layers.recurrent;

import io.cambium.nn.Configs;
import io.cambium.tensor.ops.recurrent.GateActivation;
import java.util.Map;

/** A recurrent layer with gates ({@link LSTM}, {@link GRU}), whose gate activation is an option. */
public abstract class GatedRecurrent<T extends GatedRecurrent<T>> extends Recurrent<T> {
    protected String recurrentActivation = "sigmoid";

    protected GatedRecurrent(int units) {
        super(units);
    }

    /** The gate activation by Keras name (default sigmoid). */
    public T recurrentActivation(String name) {
        GateActivation.of(name);
        this.recurrentActivation = name;
        return self();
    }

    /** The gate activation as the fused kernels take it. */
    protected GateActivation gateActivation() {
        return GateActivation.of(recurrentActivation);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("recurrent_activation", recurrentActivation);
        return c;
    }

    @Override
    protected void applyRecurrentConfig(Map<String, Object> c) {
        super.applyRecurrentConfig(c);
        recurrentActivation(Configs.string(c, "recurrent_activation", "sigmoid"));
    }

    @Override
    protected <C extends Recurrent<C>> C copyOptionsInto(C copy) {
        super.copyOptionsInto(copy);
        if (copy instanceof GatedRecurrent<?> g) {
            g.recurrentActivation = recurrentActivation;
        }
        return copy;
    }
}
