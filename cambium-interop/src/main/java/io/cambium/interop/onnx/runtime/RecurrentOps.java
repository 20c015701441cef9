package io.cambium.interop.onnx.runtime;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.ops.recurrent.GruOp;
import io.cambium.tensor.ops.recurrent.LstmOp;
import io.cambium.tensor.ops.recurrent.SimpleRnnOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX's RNN, LSTM and GRU on Cambium's fused recurrent kernels. The ONNX weights are turned into
 * Keras's layout with differentiable operations on every call, so that training updates the
 * graph's own initializers: W {@code [dirs, G*H, D]} becomes the kernel {@code [D, G*H]} with the
 * gate blocks reordered (LSTM i, o, f, c to i, f, c, o; GRU keeps z, r, h), and the two biases
 * are summed (LSTM, RNN, GRU without linear_before_reset) or stacked (GRU's reset-after form).
 */
final class RecurrentOps {
    /** The Keras LSTM gate blocks i, f, c, o picked from ONNX's i, o, f, c. */
    private static final int[] LSTM_FROM_ONNX = {0, 2, 3, 1};

    private RecurrentOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("LSTM", c -> run(c, "LSTM", 4));
        ops.put("GRU", c -> run(c, "GRU", 3));
        ops.put("RNN", c -> run(c, "RNN", 1));
    }

    private static GateActivation activation(OpCall c, String name, float alpha, float beta) {
        return switch (name) {
            case "Sigmoid" -> GateActivation.of("sigmoid");
            case "Tanh" -> GateActivation.of("tanh");
            case "Relu" -> GateActivation.of("relu");
            case "HardSigmoid" -> {
                if (Math.abs(alpha - 1f / 6f) > 1e-6 || Math.abs(beta - 0.5f) > 1e-6) {
                    throw c.error("HardSigmoid gates are supported with alpha 1/6 and beta 0.5 (Keras 3), got " + alpha
                            + " and " + beta);
                }
                yield GateActivation.of("hard_sigmoid");
            }
            case "Affine" -> {
                if (alpha != 1f || beta != 0f) {
                    throw c.error("Affine activation supported as the identity only");
                }
                yield GateActivation.of("linear");
            }
            default -> throw c.error("activation " + name + " is not supported");
        };
    }

    /** Rows {@code [G*H, cols]} of one direction to a Keras kernel {@code [cols, G*H]} with gates reordered. */
    private static Tensor kernel(Tensor w, int dir, int gates, int hidden, int[] order) {
        int cols = w.dim(2);
        Tensor m = w.slice(0, dir, dir + 1).reshape(gates, hidden, cols);
        if (order != null) {
            m = m.indexSelect(0, order);
        }
        return m.reshape(gates * hidden, cols).t();
    }

    private static List<Object> run(OpCall c, String op, int gates) {
        Tensor x = c.tensor(0);
        Tensor w = c.tensor(1);
        Tensor r = c.tensor(2);
        if (x.rank() != 3) {
            throw c.error("input must be [seq, batch, features], got " + OpCall.str(x.shape()));
        }
        if (c.attrs().i("layout", 0) != 0) {
            throw c.error("layout 1 (batch first) is not supported");
        }
        if (c.present(4)) {
            long[] lens = c.longs(4);
            for (long l : lens) {
                if (l != x.dim(0)) {
                    throw c.error("sequence_lens shorter than the sequence are not supported");
                }
            }
        }
        if (c.attrs().has("clip")) {
            throw c.error("cell clipping is not supported");
        }
        if (op.equals("LSTM") && (c.present(7) || c.attrs().i("input_forget", 0) != 0)) {
            throw c.error("peepholes and input_forget are not supported");
        }
        int hidden = (int) c.attrs().i("hidden_size", r.dim(2));
        String direction = c.attrs().s("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (w.dim(0) != dirs || w.dim(1) != gates * hidden || r.dim(1) != gates * hidden || r.dim(2) != hidden) {
            throw c.error("weights " + OpCall.str(w.shape()) + " and " + OpCall.str(r.shape()) + " do not fit "
                    + dirs + " direction(s) of " + gates + " gates of " + hidden + " units");
        }
        String[] names = c.attrs().strings("activations");
        float[] alphas = c.attrs().floats("activation_alpha");
        float[] betas = c.attrs().floats("activation_beta");
        int per = op.equals("LSTM") ? 3 : op.equals("GRU") ? 2 : 1;
        boolean resetAfter = c.attrs().i("linear_before_reset", 0) != 0;
        Tensor xb = x.permute(1, 0, 2);
        List<Tensor> ys = new ArrayList<>();
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            boolean backwards = direction.equals("reverse") || d == 1;
            GateActivation[] acts = new GateActivation[per];
            for (int i = 0; i < per; i++) {
                String name = names == null ? (op.equals("RNN") ? "Tanh" : i == 0 ? "Sigmoid" : "Tanh") : names[d * per + i];
                float alpha = alphas == null ? (name.equals("HardSigmoid") ? 0.2f : name.equals("Affine") ? 1f : 0f)
                        : alphas[d * per + i];
                float beta = betas == null ? (name.equals("HardSigmoid") ? 0.5f : 0f) : betas[d * per + i];
                acts[i] = activation(c, name, alpha, beta);
            }
            if (op.equals("LSTM") && acts[1] != acts[2]) {
                throw c.error("different cell and hidden activations are not supported");
            }
            int[] order = op.equals("LSTM") ? LSTM_FROM_ONNX : null;
            Tensor k = kernel(w, d, gates, hidden, order);
            Tensor rk = kernel(r, d, gates, hidden, order);
            Tensor bias = null;
            if (c.present(3)) {
                Tensor b = c.tensor(3).slice(0, d, d + 1).reshape(2, gates, hidden);
                if (order != null) {
                    b = b.indexSelect(1, order);
                }
                b = b.reshape(2, gates * hidden);
                bias = op.equals("GRU") && resetAfter ? b : b.sum(0, false);
            } else if (op.equals("GRU") && resetAfter) {
                bias = Tensor.zeros(2, gates * hidden);
            }
            Tensor h0 = c.present(5) ? c.tensor(5).slice(0, d, d + 1).reshape(x.dim(1), hidden) : null;
            Tensor c0 = op.equals("LSTM") && c.present(6) ? c.tensor(6).slice(0, d, d + 1).reshape(x.dim(1), hidden) : null;
            Tensor[] out = switch (op) {
                case "LSTM" -> LstmOp.forward(xb, k, rk, bias, h0, c0, null, acts[1], acts[0], backwards);
                case "GRU" -> GruOp.forward(xb, k, rk, bias, h0, null, acts[1], acts[0], resetAfter, backwards);
                default -> SimpleRnnOp.forward(xb, k, rk, bias, h0, null, acts[0], backwards);
            };
            Tensor seq = out[0];
            if (backwards) {
                // Cambium returns the processing order; ONNX's Y is in time order.
                int t = seq.dim(1);
                int[] rev = new int[t];
                for (int i = 0; i < t; i++) {
                    rev[i] = t - 1 - i;
                }
                seq = seq.indexSelect(1, rev);
            }
            ys.add(seq.permute(1, 0, 2).unsqueeze(1));
            hs.add(out[1].unsqueeze(0));
            if (op.equals("LSTM")) {
                cs.add(out[2].unsqueeze(0));
            }
        }
        List<Object> result = new ArrayList<>();
        result.add(dirs == 1 ? ys.get(0) : Tensor.concat(1, ys.get(0), ys.get(1)));
        result.add(dirs == 1 ? hs.get(0) : Tensor.concat(0, hs.get(0), hs.get(1)));
        if (op.equals("LSTM")) {
            result.add(dirs == 1 ? cs.get(0) : Tensor.concat(0, cs.get(0), cs.get(1)));
        }
        while (result.size() > c.outputs()) {
            result.remove(result.size() - 1);
        }
        return result;
    }
}
