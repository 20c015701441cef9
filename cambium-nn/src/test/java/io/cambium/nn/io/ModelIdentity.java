package io.cambium.nn.io;

import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Whether two loaded models are the same: architecture, every weight bit, optimizer, counters. */
final class ModelIdentity {
    private ModelIdentity() {
    }

    /** The differences between {@code a} and {@code b} (empty when they are identical). */
    static List<String> differences(Model a, Model b) {
        List<String> out = new ArrayList<>();
        if (!ModelConfig.toJson(a).equals(ModelConfig.toJson(b))) {
            out.add("architecture");
        }
        List<Variable> va = a.variables();
        List<Variable> vb = b.variables();
        if (va.size() != vb.size()) {
            out.add("variable count");
        } else {
            for (int i = 0; i < va.size(); i++) {
                if (!va.get(i).name().equals(vb.get(i).name()) || !sameBits(va.get(i).value(), vb.get(i).value())
                        || va.get(i).trainable() != vb.get(i).trainable()) {
                    out.add("variable " + va.get(i).name());
                }
            }
        }
        if (a.completedEpochs() != b.completedEpochs()) {
            out.add("completed epochs");
        }
        if (a.isCompiled() != b.isCompiled()) {
            out.add("compiled");
        }
        Optimizer oa = a.restoredOptimizer();
        Optimizer ob = b.restoredOptimizer();
        if ((oa == null) != (ob == null)) {
            out.add("optimizer presence");
        } else if (oa != null) {
            if (!oa.config().equals(ob.config())) {
                out.add("optimizer config");
            }
            if (oa.iterations() != ob.iterations()) {
                out.add("optimizer iterations");
            }
            Map<String, Tensor> sa = oa.state();
            Map<String, Tensor> sb = ob.state();
            if (!sa.keySet().equals(sb.keySet())) {
                out.add("optimizer state keys");
            } else {
                for (String k : sa.keySet()) {
                    if (!sameBits(sa.get(k), sb.get(k))) {
                        out.add("optimizer state " + k);
                    }
                }
            }
        }
        return out;
    }

    private static boolean sameBits(Tensor x, Tensor y) {
        if (!Arrays.equals(x.shape(), y.shape())) {
            return false;
        }
        float[] p = x.data();
        float[] q = y.data();
        for (int i = 0; i < p.length; i++) {
            if (Float.floatToRawIntBits(p[i]) != Float.floatToRawIntBits(q[i])) {
                return false;
            }
        }
        return true;
    }
}
