package io.cambium.tensor.autograd;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode automatic differentiation over a dynamic tape. Operations call
 * {@link #record(Tensor, String, BackwardFn, Tensor...)} on their output; {@link Tensor#backward()}
 * walks the recorded graph in reverse topological order and accumulates {@code grad} on leaves.
 * {@link #grad(Tensor[], Tensor[], Tensor[], boolean)} returns gradients instead, without touching
 * {@code grad}.
 *
 * <p><b>Higher-order gradients.</b> With {@code createGraph}, a backward pass records the
 * operations that compute the gradients, so that the gradients can be differentiated again (as
 * PyTorch's {@code create_graph=True}): a gradient penalty, a Hessian-vector product. Each
 * operation then runs its differentiable rule (see {@link #record(Tensor, String, BackwardFn,
 * BackwardFn, Tensor...)}). An operation without one still yields correct gradient values, but a
 * later backward pass through them fails with an error naming the operation.
 */
public final class Autograd {
    /** Pass ids are unique across threads, so a tensor is fresh only in the pass that made it. */
    private static final AtomicLong PASSES = new AtomicLong();
    private static final ThreadLocal<long[]> CURRENT_PASS = ThreadLocal.withInitial(() -> new long[1]);
    /** The tensors whose gradients the running pass needs, or null when it needs every one. */
    private static final ThreadLocal<Set<Tensor>> NEEDED = new ThreadLocal<>();
    /** The owner id given to graph-creating passes: no gradient is ever exclusive there. */
    private static final long NO_OWNER = -1;

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
     * For backward rules: whether the running backward pass wants the gradient of {@code input}.
     * False when the input needs no gradient, and also when a {@link #grad} call does not lead
     * through it to any of the tensors it differentiates for; a rule may skip such a gradient.
     */
    public static boolean wants(Tensor input) {
        if (input == null || !input.requiresGrad()) {
            return false;
        }
        Set<Tensor> needed = NEEDED.get();
        return needed == null || needed.contains(input);
    }

    /**
     * Records {@code out} as produced by {@code op} from {@code inputs} when any input requires
     * a gradient and recording is enabled; returns {@code out}. The operation has no
     * differentiable rule: its gradients cannot be differentiated again.
     *
     * <p>The gradients that {@code fn} returns belong to the backward pass from then on: the pass
     * may sum into the ones made with {@link Tensor#wrapOwned(float[], int...)} in place or make
     * them a leaf's gradient, so {@code fn} must not keep references to what it returns. The
     * gradient {@code fn} receives is lent for the call: unless {@code fn} returns it (or a
     * reshaped view of it), the pass may reuse its array afterwards, so {@code fn} must not keep
     * it either.
     */
    public static Tensor record(Tensor out, String op, BackwardFn fn, Tensor... inputs) {
        return record(out, op, fn, null, inputs);
    }

    /**
     * Records {@code out} with a fast rule {@code fn} for first-order passes and a differentiable
     * rule {@code graphFn} (or null) for passes that create a graph. {@code graphFn} must compute
     * the same gradients with recorded tensor operations only, reading the operation's inputs and
     * output as tensors (not their arrays), so that the recorded gradient depends on them.
     */
    public static Tensor record(Tensor out, String op, BackwardFn fn, BackwardFn graphFn, Tensor... inputs) {
        if (AnomalyMode.anyEnabled()) {
            AnomalyMode.checkForward(op, out, inputs);
        }
        if (needsGrad(inputs)) {
            out.setGradFn(anomalyOrigin(new Node(op, inputs.clone(), fn, graphFn)));
        }
        return out;
    }

    /**
     * Marks {@code arrays} as read by nothing but the backward rule of {@code out} (buffers the
     * operation saved, reachable through no tensor): they go to {@link ArrayPool} for reuse when
     * the graph is released after a backward pass, or at once when {@code out} was not recorded
     * (no gradient needed). Returns {@code out}.
     */
    public static Tensor recycleOnRelease(Tensor out, float[]... arrays) {
        Node node = out.gradFn();
        if (node == null) {
            for (float[] a : arrays) {
                ArrayPool.give(a);
            }
        } else {
            node.saved(arrays);
        }
        return out;
    }

    /**
     * Records {@code out} with one rule for both kinds of pass: {@code rule} is written in
     * recorded tensor operations only (see {@link #record(Tensor, String, BackwardFn, BackwardFn,
     * Tensor...)}).
     */
    public static Tensor recordDifferentiable(Tensor out, String op, BackwardFn rule, Tensor... inputs) {
        return record(out, op, rule, rule, inputs);
    }

    /**
     * Records several outputs produced together by one operation (a recurrent layer's sequence and
     * final states, say). The backward rule runs once, after the gradients of all outputs that
     * reach the loss have been accumulated. Returns {@code outputs}. The rule is not
     * differentiable.
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
        }, null)));
        for (int k = 0; k < outputs.length; k++) {
            final int slot = k;
            outputs[k].setGradFn(new Node(op + "[" + k + "]", new Tensor[] {joint}, g -> {
                collected[slot] = collected[slot] == null ? g : collected[slot].add(g);
                return new Tensor[] {new Tensor(new float[1], 1)};
            }, null).keepingGradient());
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
        backward(root, gradient, retainGraph, false);
    }

    /**
     * Back-propagates {@code gradient} and, with {@code createGraph}, records the computation of
     * the gradients, so that the leaves' {@code grad} can be differentiated again (PyTorch's
     * {@code backward(create_graph=True)}).
     *
     * @param retainGraph keep the graph so that a second backward pass can run through it
     *     (a graph-creating pass needs it later, so pass true with {@code createGraph})
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no graph");
        }
        checkGradient("backward", root, gradient);
        run(new Tensor[] {root}, new Tensor[] {gradient}, null, createGraph, retainGraph, new boolean[1]);
    }

    /**
     * The gradients of {@code output}, a one-element tensor, with respect to {@code inputs}
     * (PyTorch's {@code torch.autograd.grad}); leaves' {@code grad} are not touched. With
     * {@code createGraph} the returned gradients are part of the graph and can be differentiated
     * again; the graph is then kept, otherwise released.
     *
     * @throws IllegalArgumentException when an input is not reached from the output
     */
    public static Tensor[] grad(Tensor output, boolean createGraph, Tensor... inputs) {
        if (output.numel() != 1) {
            throw new IllegalArgumentException("grad: output of shape " + Shape.str(output.shape())
                    + " is not a scalar; pass gradOutputs for non-scalar outputs");
        }
        return grad(new Tensor[] {output}, inputs, null, createGraph);
    }

    /**
     * The gradients of {@code outputs}, weighted by {@code gradOutputs}, with respect to
     * {@code inputs}: entry i is the sum over outputs j of {@code gradOutputs[j]ᵀ · ∂outputs[j] /
     * ∂inputs[i]}. {@code gradOutputs} may be null (every output a scalar, weight 1) and may
     * themselves require gradients. The graph is kept when {@code createGraph}, released otherwise;
     * every input must be reached from some output.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, createGraph, false);
    }

    /**
     * {@link #grad(Tensor[], Tensor[], Tensor[], boolean)} with every option.
     *
     * @param retainGraph keep the graph for another backward pass through it
     * @param allowUnused return null for an input that no output depends on, instead of failing
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean createGraph,
                                boolean retainGraph, boolean allowUnused) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("grad: no outputs given");
        }
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("grad: " + gradOutputs.length + " gradOutputs for " + outputs.length
                    + " outputs");
        }
        Tensor[] seeds = new Tensor[outputs.length];
        for (int j = 0; j < outputs.length; j++) {
            Tensor out = outputs[j];
            if (!out.requiresGrad()) {
                throw new IllegalArgumentException("grad: output " + j + " does not require grad and has no graph");
            }
            if (gradOutputs == null || gradOutputs[j] == null) {
                if (out.numel() != 1) {
                    throw new IllegalArgumentException("grad: output " + j + " of shape " + Shape.str(out.shape())
                            + " is not a scalar; give its gradOutputs entry");
                }
                seeds[j] = Tensor.onesLike(out);
            } else {
                checkGradient("grad", out, gradOutputs[j]);
                seeds[j] = gradOutputs[j];
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " of shape " + Shape.str(inputs[i].shape())
                        + " does not require grad");
            }
        }
        boolean[] releasedSeen = new boolean[1];
        Map<Tensor, Tensor> captured = run(outputs, seeds, inputs, createGraph, retainGraph, releasedSeen);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            result[i] = captured.get(inputs[i]);
            if (result[i] == null) {
                if (releasedSeen[0]) {
                    throw new IllegalStateException("grad: part of the graph was already released by an earlier"
                            + " backward pass; pass retainGraph=true (or createGraph=true) to the first call");
                }
                if (!allowUnused) {
                    throw new IllegalArgumentException("grad: input " + i + " of shape "
                            + Shape.str(inputs[i].shape()) + " is not used by the outputs' graph"
                            + " (pass allowUnused=true to get null for it)");
                }
            } else if (!createGraph && result[i].requiresGrad()) {
                // A gradient output that required grad: without createGraph the result is a value.
                result[i] = result[i].detach();
            }
        }
        return result;
    }

    private static void checkGradient(String what, Tensor out, Tensor gradient) {
        if (!Shape.same(out.shape(), gradient.shape())) {
            throw new IllegalArgumentException(what + ": gradient shape " + Shape.str(gradient.shape())
                    + " does not match tensor shape " + Shape.str(out.shape()));
        }
    }

    /**
     * One backward pass from {@code roots}, seeded with {@code seeds}. With {@code capture} null,
     * gradients accumulate into leaves (and retaining tensors); otherwise only the gradients of
     * the captured tensors are computed and returned, and nothing is accumulated. Sets
     * {@code releasedSeen[0]} when the walk met a node released by an earlier pass.
     */
    private static Map<Tensor, Tensor> run(Tensor[] roots, Tensor[] seeds, Tensor[] capture, boolean createGraph,
                                           boolean retainGraph, boolean[] releasedSeen) {
        List<Tensor> order = topologicalOrder(roots);
        for (Tensor t : order) {
            releasedSeen[0] |= t.gradFn() != null && t.gradFn().released();
        }
        Set<Tensor> targets = null;
        Set<Tensor> needed = null;
        if (capture != null) {
            targets = identitySet();
            Collections.addAll(targets, capture);
            needed = neededFor(order, targets);
        }
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        List<Node> ran = new ArrayList<>();
        long[] current = CURRENT_PASS.get();
        long outer = current[0];
        Set<Tensor> outerNeeded = NEEDED.get();
        long pass = PASSES.incrementAndGet();
        current[0] = pass;
        NEEDED.set(needed);
        PendingGradients grads = new PendingGradients(createGraph ? NO_OWNER : pass);
        // The graph-creating pass records its gradient arithmetic, as PyTorch's create_graph does,
        // whatever the caller's mode; the first-order pass records nothing.
        try (NoGrad ignored = createGraph ? NoGrad.enableScope() : NoGrad.scope()) {
            for (int j = 0; j < roots.length; j++) {
                grads.accumulate(roots[j], seeds[j]);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                if (needed != null && !needed.contains(t)) {
                    continue;
                }
                Tensor g = grads.take(t);
                if (g == null) {
                    continue;
                }
                // Asked for every gradient taken: the backward rule below may keep g, so it stops
                // being exclusive here.
                boolean owned = grads.handOver(g);
                Node node = t.gradFn();
                if (targets != null && targets.contains(t)) {
                    captured.put(t, g);
                    if (node == null || !leadsFurther(node, needed)) {
                        continue;
                    }
                }
                if (node == null) {
                    if (capture == null) {
                        accumulateLeaf(t, g, owned, createGraph);
                    }
                    continue;
                }
                if (node.released()) {
                    throw new IllegalStateException("backward: the graph through '" + node.op()
                            + "' was already released by an earlier backward(); pass retainGraph=true"
                            + " to the first call to go through it twice");
                }
                if (capture == null && t.retainsGrad()) {
                    accumulateRetained(t, g, createGraph);
                }
                Tensor[] inputs = node.inputs();
                Tensor[] inGrads = createGraph ? applyRecorded(node, g) : node.fn().apply(g);
                ran.add(node);
                if (AnomalyMode.anyEnabled()) {
                    AnomalyMode.checkBackward(node, g, inGrads, inputs);
                }
                if (inGrads.length != inputs.length) {
                    throw new IllegalStateException("backward of '" + node.op() + "' returned "
                            + inGrads.length + " gradients for " + inputs.length + " inputs");
                }
                boolean lent = owned && !createGraph && !node.keepsGradient() && !t.retainsGrad()
                        && (targets == null || !targets.contains(t));
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor ig = inGrads[k];
                    if (ig != null && ig.data() == g.data()) {
                        // Handed on (g itself or a reshaped view): still in use.
                        lent = false;
                    }
                    if (in == null || ig == null || !in.requiresGrad() || needed != null && !needed.contains(in)) {
                        continue;
                    }
                    if (!Shape.same(in.shape(), ig.shape())) {
                        throw new IllegalStateException("backward of '" + node.op() + "' produced a gradient of shape "
                                + Shape.str(ig.shape()) + " for input " + k + " of shape " + Shape.str(in.shape()));
                    }
                    grads.accumulate(in, ig);
                }
                if (lent) {
                    // g was this pass's own, the rule has consumed it and passed none of it on:
                    // its array serves the gradients still to come (or the next step).
                    ArrayPool.give(g.data());
                }
                if (!retainGraph) {
                    // As PyTorch frees saved tensors once their backward has run: every consumer of
                    // t ran before it (reverse topological order), so releasing the node and the
                    // slot lets t's activation and the node's saved tensors go while the earlier
                    // layers' gradients are computed, instead of living to the end of the pass.
                    node.release();
                    order.set(i, null);
                }
            }
        } finally {
            current[0] = outer;
            NEEDED.set(outerNeeded);
        }
        if (!retainGraph) {
            // backward() frees the whole graph it walked; grad() only what it ran, as other parts
            // of the graph may still be differentiated.
            if (capture == null) {
                for (Tensor t : order) {
                    if (t != null && t.gradFn() != null) {
                        t.gradFn().release();
                    }
                }
            } else {
                for (Node node : ran) {
                    node.release();
                }
            }
        }
        return captured;
    }

    /**
     * Runs a node's rule in a graph-creating pass: its differentiable rule when it has one, else
     * its fast rule, whose results are then recorded as coming from an operation that fails when a
     * later pass tries to differentiate through it.
     */
    private static Tensor[] applyRecorded(Node node, Tensor g) {
        if (node.graphFn() != null) {
            return node.graphFn().apply(g);
        }
        Tensor[] raw;
        try (NoGrad ignored = NoGrad.scope()) {
            raw = node.fn().apply(g);
        }
        Tensor[] inputs = node.inputs();
        Tensor[] deps = new Tensor[inputs.length + 1];
        deps[0] = g;
        System.arraycopy(inputs, 0, deps, 1, inputs.length);
        String op = node.op();
        Tensor[] out = new Tensor[raw.length];
        for (int k = 0; k < raw.length; k++) {
            if (raw[k] != null) {
                // A fresh tensor over the same values: the rule may have returned g itself.
                out[k] = record(new Tensor(raw[k].data(), raw[k].shape()), op + "_backward", h -> {
                    throw new UnsupportedOperationException("the backward of '" + op + "' is not differentiable:"
                            + " higher-order gradients (createGraph) through '" + op + "' are not supported");
                }, deps);
            }
        }
        return out;
    }

    private static void accumulateLeaf(Tensor t, Tensor g, boolean owned, boolean createGraph) {
        Tensor prev = t.grad();
        if (createGraph) {
            // The gradient stays part of the graph; nothing is summed in place.
            t.setGrad(prev == null ? g : prev.add(g));
        } else if (prev != null && prev.requiresGrad()) {
            // An earlier graph-creating pass left a recorded gradient: sum out of place.
            t.setGrad(prev.add(g));
        } else if (owned) {
            t.adoptGrad(g);
        } else {
            t.accumulateGrad(g);
        }
    }

    private static void accumulateRetained(Tensor t, Tensor g, boolean createGraph) {
        Tensor prev = t.grad();
        if (createGraph || prev != null && prev.requiresGrad()) {
            t.setGrad(prev == null ? g : prev.add(g));
        } else {
            t.accumulateGrad(g);
        }
    }

    private static boolean leadsFurther(Node node, Set<Tensor> needed) {
        if (node.released()) {
            return false;
        }
        for (Tensor in : node.inputs()) {
            if (in != null && needed.contains(in)) {
                return true;
            }
        }
        return false;
    }

    /** The tensors in {@code order} from which some target is reached (targets included). */
    private static Set<Tensor> neededFor(List<Tensor> order, Set<Tensor> targets) {
        Set<Tensor> needed = identitySet();
        for (Tensor t : order) {
            boolean need = targets.contains(t);
            Node node = t.gradFn();
            if (!need && node != null && !node.released()) {
                for (Tensor in : node.inputs()) {
                    if (in != null && needed.contains(in)) {
                        need = true;
                        break;
                    }
                }
            }
            if (need) {
                needed.add(t);
            }
        }
        return needed;
    }

    private static Set<Tensor> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Labels the node with the layer it ran in while anomaly detection is on. */
    private static Node anomalyOrigin(Node node) {
        if (AnomalyMode.anyEnabled()) {
            node.origin(AnomalyMode.currentOrigin());
        }
        return node;
    }

    /** Tensors reachable from the roots, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor[] roots) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (visited.put(root, Boolean.TRUE) != null) {
                continue;
            }
            stack.push(new Object[] {root, 0});
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
        }
        return order;
    }
}
