package io.cambium.tensor.autograd;

import io.cambium.Cambium;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.function.Function;

/**
 * Gradient checkpointing (activation recomputation), as PyTorch's reentrant
 * {@code torch.utils.checkpoint}: the function runs without recording, so none of its intermediate
 * activations stay alive until the backward pass; the backward pass runs it again with recording on
 * (from the same inputs and the same state of the global random generator, so dropout draws the same
 * masks) and back-propagates through that copy at once. Memory for the function's activations is
 * traded for one more forward pass of it.
 *
 * <p>Gradients reach the inputs through the returned tensor; the parameters the function uses reach
 * their {@code grad} during the recomputation's own backward pass, exactly as without
 * checkpointing. Random generators other than {@link Cambium#rng()} are not restored, and
 * side effects of the function (a batch-norm running average, say) happen twice.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * {@code fn(inputs)}, recomputed in the backward pass instead of stored.
     *
     * @param params the tensors that {@code fn} reads besides its inputs and that may need gradients
     *     (the weights of the layers it runs): the result is recorded when an input or one of them
     *     requires a gradient
     */
    public static Tensor apply(Function<Tensor[], Tensor> fn, Tensor[] params, Tensor... inputs) {
        Tensor[] all = new Tensor[inputs.length + params.length];
        System.arraycopy(inputs, 0, all, 0, inputs.length);
        System.arraycopy(params, 0, all, inputs.length, params.length);
        if (!Autograd.needsGrad(all)) {
            return fn.apply(inputs);
        }
        Rng rng = Cambium.rng();
        long[] before;
        synchronized (rng) {
            before = rng.state();
        }
        Tensor out;
        try (NoGrad g = NoGrad.scope()) {
            out = fn.apply(inputs);
        }
        Tensor result = out.detach();
        int n = inputs.length;
        return Autograd.record(result, "checkpoint", grad -> {
            Tensor[] detached = new Tensor[n];
            for (int i = 0; i < n; i++) {
                detached[i] = inputs[i].detach().requiresGrad(inputs[i].requiresGrad());
            }
            long[] after;
            synchronized (rng) {
                after = rng.state();
                rng.setState(before);
            }
            Tensor again;
            try (NoGrad g = NoGrad.enableScope()) {
                again = fn.apply(detached);
            } finally {
                synchronized (rng) {
                    rng.setState(after);
                }
            }
            if (again.requiresGrad()) {
                Autograd.backward(again, grad, false);
            }
            Tensor[] grads = new Tensor[all.length];
            for (int i = 0; i < n; i++) {
                grads[i] = detached[i].grad();
            }
            return grads;
        }, all);
    }

    /** {@link #apply(Function, Tensor[], Tensor...)} for a function of one input. */
    public static Tensor apply(Function<Tensor, Tensor> fn, Tensor input, Tensor... params) {
        return apply(in -> fn.apply(in[0]), params, input);
    }
}
