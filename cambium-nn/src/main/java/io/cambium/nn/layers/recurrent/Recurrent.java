package io.cambium.nn.layers.recurrent;

import io.cambium.Cambium;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.regularizers.Regularizer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The common part of Keras's recurrent layers ({@link SimpleRNN}, {@link LSTM}, {@link GRU}):
 * options, weights, initial and carried states, input dropout, masks and output selection.
 *
 * <p>Input {@code (batch, timesteps, features)}; initial states are given as Keras's
 * {@code initial_state} with {@link #apply(Tensor, List, boolean)} (or as further inputs). Output: the last output {@code (batch, units)}, or the whole sequence
 * {@code (batch, timesteps, units)} with {@link #returnSequences(boolean)}; with
 * {@link #returnState(boolean)} the final states follow as extra outputs. A mask attached to the
 * input (by {@code Masking} or {@code Embedding.maskZero}) makes padded steps carry the state and
 * output zeros.
 */
public abstract class Recurrent<T extends Recurrent<T>> extends FluentLayer<T> {
    protected final int units;
    protected String activation = "tanh";
    protected boolean useBias = true;
    protected boolean returnSequences;
    protected boolean returnState;
    protected boolean goBackwards;
    protected boolean stateful;
    protected float dropout;
    protected float recurrentDropout;
    protected Initializer kernelInitializer = Initializers.glorotUniform();
    protected Initializer recurrentInitializer = Initializers.orthogonal(1.0);
    protected Initializer biasInitializer = Initializers.zeros();
    protected Regularizer kernelRegularizer;
    protected Regularizer recurrentRegularizer;
    protected Regularizer biasRegularizer;
    protected Variable kernel;
    protected Variable recurrentKernel;
    protected Variable bias;
    private Tensor[] carried;

    protected Recurrent(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": units must be positive, got " + units);
        }
        this.units = units;
    }

    /** The number of units (size of the hidden state). */
    public int units() {
        return units;
    }

    /** The number of state tensors (2 for LSTM: h and c). */
    protected abstract int stateCount();

    /**
     * Runs the fused op; returns the sequence followed by the final states. {@code recurrentMask}
     * is the {@code [batch, units]} recurrent-dropout mask, or {@code null}.
     */
    protected abstract Tensor[] run(Tensor x, Tensor[] initialStates, Tensor mask, Tensor recurrentMask);

    /** A fresh layer with the same options and the opposite direction (for {@link Bidirectional}). */
    protected abstract T reversedCopy();

    /** The output activation by Keras name (default tanh). */
    public T activation(String name) {
        GateActivation.of(name);
        this.activation = name;
        return self();
    }

    /** Whether to return the whole output sequence (default false: the last output). */
    public T returnSequences(boolean v) {
        this.returnSequences = v;
        return self();
    }

    /** Whether to also return the final states (default false). */
    public T returnState(boolean v) {
        this.returnState = v;
        return self();
    }

    /** Process the sequence from the end and return the outputs in that order (default false). */
    public T goBackwards(boolean v) {
        this.goBackwards = v;
        return self();
    }

    /** Carry the final states of a batch into the next batch (default false); see {@link #resetStates()}. */
    public T stateful(boolean v) {
        this.stateful = v;
        return self();
    }

    /** Fraction of the input features dropped during training, the same mask at every step. */
    public T dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return self();
    }

    /**
     * Fraction of the hidden state dropped where it enters the recurrent projection during training,
     * the same mask at every step (Keras's recurrent_dropout).
     */
    public T recurrentDropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": recurrent_dropout must be in [0, 1), got " + rate);
        }
        this.recurrentDropout = (float) rate;
        return self();
    }

    /** Whether to use biases (default true). */
    public T useBias(boolean v) {
        this.useBias = v;
        return self();
    }

    /** Initializer of the input kernel (default Glorot uniform). */
    public T kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return self();
    }

    /** Initializer of the recurrent kernel (default orthogonal). */
    public T recurrentInitializer(Initializer init) {
        this.recurrentInitializer = init;
        return self();
    }

    /** Initializer of the bias (default zeros). */
    public T biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return self();
    }

    /** Penalty on the input kernel. */
    public T kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return self();
    }

    /** Penalty on the recurrent kernel. */
    public T recurrentRegularizer(Regularizer r) {
        this.recurrentRegularizer = r;
        return self();
    }

    /** Penalty on the bias. */
    public T biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return self();
    }

    /** Whether the whole sequence is returned. */
    public boolean returnsSequences() {
        return returnSequences;
    }

    /** Whether the final states are returned. */
    public boolean returnsState() {
        return returnState;
    }

    /** The input kernel (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The recurrent kernel (after build). */
    public Variable recurrentKernel() {
        return recurrentKernel;
    }

    /** The bias (after build), or {@code null}. */
    public Variable bias() {
        return bias;
    }

    /** The bias value, or {@code null} without bias. */
    protected Tensor biasValue() {
        return bias == null ? null : bias.value();
    }

    /** Forgets the states a stateful layer carried from earlier batches. */
    public void resetStates() {
        carried = null;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 3);
        if (kernel != null) {
            expectLastAxis(s, kernel.shape()[0]);
        }
        if (inputShapes.size() != 1 && inputShapes.size() != 1 + stateCount()) {
            throw new IllegalArgumentException(describe() + ": expects the sequence and " + stateCount()
                    + " initial state(s), got " + inputShapes.size() + " inputs");
        }
        for (int i = 1; i < inputShapes.size(); i++) {
            int[] st = inputShapes.get(i);
            if (st.length != 2 || st[1] != units) {
                throw new IllegalArgumentException(describe() + ": expected initial state (None, " + units + "), got "
                        + shapeStr(st));
            }
        }
    }

    @Override
    public void build(List<int[]> inputShapes) {
        build(inputShapes.get(0));
    }

    /**
     * Keras's {@code layer(x, initial_state=[...])}: runs from the given states (for LSTM
     * {@code [h, c]}, otherwise {@code [h]}, each {@code (batch, units)}) instead of zeros. One
     * output; with {@link #returnState(boolean)} use {@link #applyAll(Tensor, List, boolean)}.
     */
    public final Tensor apply(Tensor x, List<Tensor> initialState, boolean training) {
        List<Tensor> out = applyAll(x, initialState, training);
        if (out.size() != 1) {
            throw new IllegalStateException(describe() + " returns its states too (returnState): use applyAll(x, initialState, training)");
        }
        return out.get(0);
    }

    /** The output followed by the final states (with {@link #returnState(boolean)}), from initial states. */
    public final List<Tensor> applyAll(Tensor x, List<Tensor> initialState, boolean training) {
        checkStateCount(initialState.size());
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        inputs.addAll(initialState);
        return applyAll(inputs, training);
    }

    /** {@link #apply(Tensor, List, boolean)} in a functional model. */
    public final SymbolicTensor apply(SymbolicTensor x, List<SymbolicTensor> initialState) {
        List<SymbolicTensor> out = applyAll(x, initialState);
        if (out.size() != 1) {
            throw new IllegalStateException(describe() + " returns its states too (returnState): use applyAll(x, initialState)");
        }
        return out.get(0);
    }

    /** {@link #applyAll(Tensor, List, boolean)} in a functional model. */
    public final List<SymbolicTensor> applyAll(SymbolicTensor x, List<SymbolicTensor> initialState) {
        checkStateCount(initialState.size());
        SymbolicTensor[] inputs = new SymbolicTensor[1 + initialState.size()];
        inputs[0] = x;
        for (int i = 0; i < initialState.size(); i++) {
            inputs[1 + i] = initialState.get(i);
        }
        return applyAll(inputs);
    }

    private void checkStateCount(int given) {
        if (given != stateCount()) {
            throw new IllegalArgumentException(describe() + ": initialState needs " + stateCount() + " tensor(s) "
                    + (stateCount() == 2 ? "[h, c]" : "[h]") + " of shape (batch, " + units + "), got " + given);
        }
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        buildIfNeeded(inputs);
        Tensor x = inputs.get(0);
        Tensor mask = Masks.of(x);
        if (training && dropout > 0f) {
            x = x.mul(dropoutMask(dropout, x.dim(0), x.dim(2)).reshape(x.dim(0), 1, x.dim(2)));
        }
        Tensor recurrentMask = training && recurrentDropout > 0f ? dropoutMask(recurrentDropout, x.dim(0), units) : null;
        Tensor[] init = new Tensor[stateCount()];
        if (inputs.size() > 1) {
            for (int i = 0; i < init.length; i++) {
                init[i] = inputs.get(1 + i);
            }
        } else if (stateful && carried != null) {
            if (carried[0].dim(0) != x.dim(0)) {
                throw new IllegalArgumentException(describe() + ": a stateful layer needs a fixed batch size; carried "
                        + carried[0].dim(0) + " states, got a batch of " + x.dim(0));
            }
            init = carried.clone();
        }
        Tensor[] out = run(x, init, mask, recurrentMask);
        if (stateful) {
            carried = new Tensor[stateCount()];
            for (int i = 0; i < carried.length; i++) {
                carried[i] = out[1 + i].detach();
            }
        }
        List<Tensor> result = new ArrayList<>();
        result.add(returnSequences ? Masks.attach(out[0], mask) : out[1]);
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                result.add(out[1 + i]);
            }
        }
        return result;
    }

    /** An inverted-dropout mask {@code [rows, cols]}: 0 with probability rate, else 1/(1-rate). */
    private static Tensor dropoutMask(float rate, int rows, int cols) {
        float[] m = new float[rows * cols];
        float scale = 1f / (1f - rate);
        Rng rng = Cambium.rng();
        synchronized (rng) {
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextDouble() < rate ? 0f : scale;
            }
        }
        return new Tensor(m, rows, cols);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callAll(List.of(x), training).get(0);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return returnSequences ? new int[] {inputShape[0], inputShape[1], units} : new int[] {inputShape[0], units};
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        List<int[]> out = new ArrayList<>();
        int[] in = inputShapes.get(0);
        out.add(computeOutputShape(in));
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(new int[] {in[0], units});
            }
        }
        return out;
    }

    /** Creates kernel, recurrent kernel and bias with {@code gates} blocks of {@code units} columns. */
    protected void buildWeights(int features, int gates, int[] biasShape, Initializer biasInit) {
        kernel = addWeight("kernel", new int[] {features, gates * units}, kernelInitializer, kernelRegularizer, null, true);
        recurrentKernel = addWeight("recurrent_kernel", new int[] {units, gates * units}, recurrentInitializer,
                recurrentRegularizer, null, true);
        if (useBias) {
            bias = addWeight("bias", biasShape, biasInit, biasRegularizer, null, true);
        }
    }

    /** 2 multiply-adds per weight per step, plus the gate arithmetic. */
    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        long steps = Math.max(1, s[1]);
        long weights = kernel == null ? 0 : (long) kernel.value().numel() + recurrentKernel.value().numel();
        return steps * (2 * weights + 10L * units);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", stateful);
        c.put("dropout", (double) dropout);
        c.put("recurrent_dropout", (double) recurrentDropout);
        return c;
    }

    /** Restores the options of {@link #config()}. */
    protected void applyRecurrentConfig(Map<String, Object> c) {
        applyBaseConfig(c);
        activation(Configs.string(c, "activation", "tanh"));
        useBias(Configs.bool(c, "use_bias", true));
        returnSequences(Configs.bool(c, "return_sequences", false));
        returnState(Configs.bool(c, "return_state", false));
        goBackwards(Configs.bool(c, "go_backwards", false));
        stateful(Configs.bool(c, "stateful", false));
        dropout(Configs.number(c, "dropout", 0f));
        recurrentDropout(Configs.number(c, "recurrent_dropout", 0f));
    }

    /** Copies the options (not the weights) into {@code copy}. */
    protected <C extends Recurrent<C>> C copyOptionsInto(C copy) {
        copy.activation = activation;
        copy.useBias = useBias;
        copy.returnSequences = returnSequences;
        copy.returnState = returnState;
        copy.goBackwards = goBackwards;
        copy.stateful = stateful;
        copy.dropout = dropout;
        copy.recurrentDropout = recurrentDropout;
        copy.kernelInitializer = kernelInitializer;
        copy.recurrentInitializer = recurrentInitializer;
        copy.biasInitializer = biasInitializer;
        copy.kernelRegularizer = kernelRegularizer;
        copy.recurrentRegularizer = recurrentRegularizer;
        copy.biasRegularizer = biasRegularizer;
        return copy;
    }
}
