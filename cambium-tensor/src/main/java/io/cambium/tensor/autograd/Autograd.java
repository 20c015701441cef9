package io.cambium.tensor.autograd;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode automatic differentiation over a dynamic tape. Operations call
 * {@link #record(Tensor, String, BackwardFn, Tensor...)} on their output; {@link Tensor#backward()}
 * walks the recorded graph in reverse topological order and accumulates {@code grad} on leaves.
 */
public final class Autograd {
    /** Pass ids are unique across threads, so a tensor is fresh only in the pass that made it. */
    private static final AtomicLong PASSES = new AtomicLong();
    private static final ThreadLocal<long[]> CURRENT_PASS = ThreadLocal.withInitial(() -> new long[1]);

    private Autograd() {
    }

    /**
     * The id of the backward pass running on this thread, or 0 outside backward passes. Tensors
     * that {@link Tensor#wrapOwned(float[], int...)} creates remember it.
     */
    public static long currentPass() {
        return CURRENT_PASS.get()[0];
    }

    /** Whether an operation on these inputs must be recorded. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!NoGrad.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records {@code out} as produced by {@code op} from {@code inputs} when any input requires
     * a gradient and recording is enabled; returns {@code out}.
     *
     * <p>The gradients that {@code fn} returns belong to the backward pass from then on: the pass
     * may sum into the ones made with {@link Tensor#wrapOwned(float[], int...)} in place or make
     * them a leaf's gradient, so {@code fn} must not keep references to what it returns.
     */
    public static Tensor record(Tensor out, String op, BackwardFn fn, Tensor... inputs) {
        if (AnomalyMode.anyEnabled()) {
            AnomalyMode.checkForward(op, out, inputs);
        }
        if (needsGrad(inputs)) {
            out.setGradFn(anomalyOrigin(new Node(op, inputs.clone(), fn)));
        }
        return out;
    }

    /**
     * Records several outputs produced together by one operation (a recurrent layer's sequence and
     * final states, say). The backward rule runs once, after the gradients of all outputs that
     * reach the loss have been accumulated. Returns {@code outputs}.
     */
    public static Tensor[] recordMulti(Tensor[] outputs, String op, MultiBackwardFn fn, Tensor... inputs) {
        if (AnomalyMode.anyEnabled()) {
            for (Tensor out : outputs) {
                AnomalyMode.checkForward(op, out, inputs);
            }
        }
        if (!needsGrad(inputs)) {
            return outputs;
        }
        Tensor[] collected = new Tensor[outputs.length];
        // A one-element joint tensor stands for the operation; each output feeds its gradient into
        // the shared slot array, and the joint's node, which the topological order runs after all
        // outputs, calls the real rule.
        Tensor joint = new Tensor(new float[1], 1);
        joint.setGradFn(anomalyOrigin(new Node(op, inputs.clone(), g -> {
            Tensor[] grads = collected.clone();
            java.util.Arrays.fill(collected, null);
            return fn.apply(grads);
        })));
        for (int k = 0; k < outputs.length; k++) {
            final int slot = k;
            outputs[k].setGradFn(new Node(op + "[" + k + "]", new Tensor[] {joint}, g -> {
                collected[slot] = collected[slot] == null ? g : collected[slot].add(g);
                return new Tensor[] {new Tensor(new float[1], 1)};
            }));
        }
        return outputs;
    }

    /**
     * Back-propagates {@code gradient} (the gradient of some scalar with respect to {@code root})
     * through the graph that produced {@code root}.
     *
     * @param retainGraph keep the graph so that a second backward pass can run through it
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no graph");
        }
        if (!Shape.same(root.shape(), gradient.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Shape.str(gradient.shape())
                    + " does not match tensor shape " + Shape.str(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        long[] current = CURRENT_PASS.get();
        long outer = current[0];
        long pass = PASSES.incrementAndGet();
        current[0] = pass;
        PendingGradients grads = new PendingGradients(pass);
        grads.accumulate(root, gradient);
        try (NoGrad ignored = NoGrad.scope()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.take(t);
                if (g == null) {
                    continue;
                }
                // Asked for every gradient taken: the backward rule below may keep g, so it stops
                // being exclusive here.
                boolean owned = grads.handOver(g);
                Node node = t.gradFn();
                if (node == null) {
                    if (owned) {
                        t.adoptGrad(g);
                    } else {
                        t.accumulateGrad(g);
                    }
                    continue;
                }
                if (node.released()) {
                    throw new IllegalStateException("backward: the graph through '" + node.op()
                            + "' was already released by an earlier backward(); pass retainGraph=true"
                            + " to the first call to go through it twice");
                }
                if (t.retainsGrad()) {
                    t.accumulateGrad(g);
                }
                Tensor[] inputs = node.inputs();
                Tensor[] inGrads = node.fn().apply(g);
                if (AnomalyMode.anyEnabled()) {
                    AnomalyMode.checkBackward(node, g, inGrads, inputs);
                }
                if (inGrads.length != inputs.length) {
                    throw new IllegalStateException("backward of '" + node.op() + "' returned "
                            + inGrads.length + " gradients for " + inputs.length + " inputs");
                }
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor ig = inGrads[k];
                    if (in == null || ig == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!Shape.same(in.shape(), ig.shape())) {
                        throw new IllegalStateException("backward of '" + node.op() + "' produced a gradient of shape "
                                + Shape.str(ig.shape()) + " for input " + k + " of shape " + Shape.str(in.shape()));
                    }
                    grads.accumulate(in, ig);
                }
            }
        } finally {
            current[0] = outer;
        }
        if (!retainGraph) {
            for (Tensor t : order) {
                if (t.gradFn() != null) {
                    t.gradFn().release();
                }
            }
        }
    }

    /** Labels the node with the layer it ran in while anomaly detection is on. */
    private static Node anomalyOrigin(Node node) {
        if (AnomalyMode.anyEnabled()) {
            node.origin(AnomalyMode.currentOrigin());
        }
        return node;
    }

    /** Tensors reachable from root, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null || node.released() ? null : node.inputs();
            if (inputs != null && next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
