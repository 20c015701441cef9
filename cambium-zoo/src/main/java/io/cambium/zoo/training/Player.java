package io.cambium.zoo.training;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One model of a multi-model game (a GAN's generator or discriminator) with its own optimizer.
 * Its name prefixes its metrics in the progress line and in the {@code History}
 * ({@code d_loss}, {@code g_loss}, ...).
 */
public final class Player {
    private final String name;
    private final List<Layer> models;
    private final Optimizer optimizer;
    private GameMetrics sink;

    /**
     * @param name the metric prefix, such as {@code "d"} or {@code "g"}
     * @param model the model this player trains
     * @param optimizer the optimizer of its trainable variables
     */
    public Player(String name, Layer model, Optimizer optimizer) {
        this(name, List.of(model), optimizer);
    }

    /**
     * A player that trains several models together (a VAE's encoder and decoder).
     *
     * @param name the metric prefix
     * @param models the models whose trainable variables this player updates
     * @param optimizer the optimizer of those variables
     */
    public Player(String name, List<? extends Layer> models, Optimizer optimizer) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Player: the name must not be blank");
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("Player '" + name + "': no models given");
        }
        this.name = name;
        this.models = List.copyOf(models);
        this.optimizer = optimizer;
    }

    /** The metric prefix. */
    public String name() {
        return name;
    }

    /** The models this player trains. */
    public List<Layer> models() {
        return models;
    }

    /** The trainable variables of its models, in model order. */
    public List<Variable> trainableVariables() {
        List<Variable> vars = new ArrayList<>();
        for (Layer m : models) {
            vars.addAll(m.trainableVariables());
        }
        return vars;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * One optimizer step of this player on {@code loss}: the gradients of the loss with respect
     * to this player's trainable variables only (other models' gradients are neither computed nor
     * touched, so a generator step does not pay for the discriminator's weight gradients), then
     * the update and the models' constraints. Records {@code <name>_loss} when called inside a
     * {@link GameLoop}. Returns the loss value.
     */
    public float step(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("Player '" + name + "': the loss must be a scalar, got "
                    + loss.numel() + " values");
        }
        List<Variable> vars = trainableVariables();
        Tensor[] values = new Tensor[vars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vars.get(i).value();
        }
        Tensor[] grads = Autograd.grad(new Tensor[] {loss}, values, null, false, false, true);
        Set<float[]> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < values.length; i++) {
            Tensor g = grads[i];
            if (g == null) {
                // A variable the loss does not reach (an unused branch) gets a zero gradient.
                g = Tensor.zerosLike(values[i]);
            } else if (!used.add(g.data())) {
                // Two variables may receive one gradient array (x + y); optimizers may write into it.
                g = g.copy();
            }
            values[i].setGrad(g);
        }
        optimizer.step(vars);
        models.forEach(Layer::applyConstraints);
        float value = loss.item();
        record("loss", value);
        return value;
    }

    /** Records {@code <name>_<metric>} for the running epoch (outside a {@link GameLoop}, nothing). */
    public void record(String metric, double value) {
        if (sink != null) {
            sink.add(name + "_" + metric, value);
        }
    }

    void attach(GameMetrics metrics) {
        sink = metrics;
    }
}
