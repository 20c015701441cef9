package io.cambium.tensor.autograd;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Anomaly detection, as PyTorch's {@code torch.autograd.detect_anomaly()}: while the mode is on
 * for a thread, the output of every operation and every gradient a backward rule returns are
 * checked for NaN and infinity, and the first one found stops the computation with an
 * {@link AnomalyException} that names the operation, where it ran and the step.
 * <pre>{@code
 * try (var anomaly = AnomalyMode.enable()) {
 *     loss.backward();   // throws AnomalyException at the first NaN/Inf
 * }
 * }</pre>
 *
 * <p>"Where it ran" is the innermost open {@link #origin(String)} scope: the model API opens one
 * per layer call (a forward hook of {@code cambium-nn}'s {@code AnomalyDetection}), so the
 * exception names the layer. The step is what {@link #step(long, String)} last set on the thread.
 *
 * <p>Off (the default, and on every thread that did not enable it) the check costs one read of a
 * static counter per operation. On, every value of every output and gradient is scanned: a
 * debugging mode, several times slower than training.
 */
public final class AnomalyMode implements AutoCloseable {
    /**
     * The number of threads that have the mode on: the only thing the per-operation fast path
     * reads, so that a process where nobody enables the mode pays nothing more.
     */
    private static volatile int enabledThreads;
    private static final Object COUNT_LOCK = new Object();
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** Per-thread state: open scopes, origin labels, the current step. */
    private static final class State {
        int depth;
        final List<String> origins = new ArrayList<>();
        long step = -1;
        String stepDescription;
    }

    private final State state;
    private boolean closed;

    private AnomalyMode(State state) {
        this.state = state;
    }

    /** Turns anomaly detection on for the current thread until the returned scope is closed; scopes nest. */
    public static AnomalyMode enable() {
        State s = STATE.get();
        if (s.depth++ == 0) {
            synchronized (COUNT_LOCK) {
                enabledThreads++;
            }
        }
        return new AnomalyMode(s);
    }

    /** Whether anomaly detection is on for the current thread. */
    public static boolean isEnabled() {
        return enabledThreads != 0 && STATE.get().depth > 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (--state.depth == 0) {
            state.origins.clear();
            state.step = -1;
            state.stepDescription = null;
            synchronized (COUNT_LOCK) {
                enabledThreads--;
            }
        }
    }

    /**
     * Opens a scope that labels the operations run inside it (a layer's name); scopes nest and
     * the labels are joined with '/'. Does nothing, and costs nothing more, while the mode is off
     * on this thread. Close the scope in the same thread, innermost first.
     */
    public static Origin origin(String label) {
        if (!isEnabled()) {
            return Origin.NONE;
        }
        List<String> origins = STATE.get().origins;
        origins.add(label);
        return new Origin(origins, origins.size() - 1);
    }

    /** The labels of the open origin scopes of this thread joined by '/', or null when none is open. */
    public static String currentOrigin() {
        if (!isEnabled()) {
            return null;
        }
        List<String> o = STATE.get().origins;
        return o.isEmpty() ? null : String.join("/", o);
    }

    /**
     * Sets the training step reported by the anomalies found from now on in this thread:
     * {@code step} counts optimizer steps from 1 ({@code -1}: unknown), {@code description} says
     * where it is in words ("epoch 2, batch 17"), or null. Ignored while the mode is off.
     */
    public static void step(long step, String description) {
        if (isEnabled()) {
            State s = STATE.get();
            s.step = step;
            s.stepDescription = description;
        }
    }

    /** A scope of {@link #origin(String)}; closing it removes its label. */
    public static final class Origin implements AutoCloseable {
        static final Origin NONE = new Origin(null, -1);
        private final List<String> stack;
        private final int index;

        private Origin(List<String> stack, int index) {
            this.stack = stack;
            this.index = index;
        }

        @Override
        public void close() {
            // Trims to this scope's level, so that a scope left open by an exception below does not
            // mislabel what follows.
            if (stack != null) {
                while (stack.size() > index) {
                    stack.remove(stack.size() - 1);
                }
            }
        }
    }

    // ---------------------------------------------------------------- checks (called by Autograd)

    /** Whether some thread has the mode on: the fast path of the checks. */
    static boolean anyEnabled() {
        return enabledThreads != 0;
    }

    /** Checks the output of an operation; throws at the first NaN or infinity it produced. */
    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        if (STATE.get().depth == 0) {
            return;
        }
        int bad = firstNonFinite(out);
        if (bad < 0) {
            return;
        }
        State s = STATE.get();
        String origin = currentOrigin();
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            int inBad = in == null ? -1 : firstNonFinite(in);
            if (inBad >= 0) {
                // Every recorded operation's output is checked, so a non-finite input that got here
                // was not computed by one: data, or a weight that an earlier update spoiled.
                String what = in.gradFn() == null ? (in.requiresGrad() ? "a weight (leaf tensor)" : "data (a constant)")
                        : "the output of '" + in.gradFn().op() + "'";
                throw new AnomalyException(AnomalyException.Phase.INPUT, op, origin, s.step, s.stepDescription,
                        "input " + k + " of '" + op + "', " + what + " of shape " + Shape.str(in.shape())
                                + ", already holds " + kind(in.data()[inBad]) + " at element " + inBad);
            }
        }
        throw new AnomalyException(AnomalyException.Phase.FORWARD, op, origin, s.step, s.stepDescription,
                "'" + op + "' produced " + kind(out.data()[bad]) + " at element " + bad + " of its "
                        + Shape.str(out.shape()) + " output from finite inputs");
    }

    /** Checks the gradients a backward rule returned; throws at the first NaN or infinity. */
    static void checkBackward(Node node, Tensor gradOut, Tensor[] inGrads, Tensor[] inputs) {
        if (STATE.get().depth == 0) {
            return;
        }
        State s = STATE.get();
        for (int k = 0; k < inGrads.length; k++) {
            Tensor g = inGrads[k];
            int bad = g == null ? -1 : firstNonFinite(g);
            if (bad < 0) {
                continue;
            }
            boolean received = firstNonFinite(gradOut) >= 0;
            throw new AnomalyException(AnomalyException.Phase.BACKWARD, node.op(), node.origin(), s.step,
                    s.stepDescription, "the backward of '" + node.op() + "' returned " + kind(g.data()[bad])
                            + " at element " + bad + " of the gradient of input " + k + " "
                            + Shape.str(k < inputs.length && inputs[k] != null ? inputs[k].shape() : g.shape())
                            + (received ? " (the gradient it received already held NaN/Inf)"
                                    : " from a finite incoming gradient"));
        }
    }

    private static int firstNonFinite(Tensor t) {
        float[] d = t.data();
        int n = t.numel();
        for (int i = 0; i < n; i++) {
            // x - x is 0 for finite x and NaN for NaN and both infinities: one test for both.
            if (d[i] - d[i] != 0f) {
                return i;
            }
        }
        return -1;
    }

    private static String kind(float v) {
        return Float.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }
}
