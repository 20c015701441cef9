package io.cambium.llm.finetune.hf;

import io.cambium.llm.model.Gpt;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads a Hugging Face GPT-2 checkpoint directory and reports the load time, the heap it holds
 * and one forward pass, for the GPT-2 small sized (124M) measurement:
 * {@code java -cp cambium-cli/target/cambium.jar io.cambium.llm.finetune.hf.Gpt2LoadReport DIR}
 * (write a random checkpoint with {@code tools/fixtures/gen_hf_gpt2.py --gpt2-small DIR}).
 */
public final class Gpt2LoadReport {
    private Gpt2LoadReport() {
    }

    /** Runs the report on the directory given as the only argument. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Gpt2LoadReport CHECKPOINT_DIR");
            System.exit(2);
        }
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        long t0 = System.nanoTime();
        Gpt gpt = HuggingFaceGpt2.load(Path.of(args[0]));
        double loadS = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        int[] ids = new int[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7919) % gpt.gptConfig().vocabSize();
        }
        long f0 = System.nanoTime();
        Tensor logits;
        try (NoGrad g = NoGrad.scope()) {
            logits = gpt.forward(Gpt.ids(ids, 1), false);
        }
        double fwdS = (System.nanoTime() - f0) / 1e9;
        System.out.printf(Locale.ROOT, "loaded %s: %,d parameters (%.1f MiB float32) in %.2f s; heap held by the model "
                + "%.1f MiB; forward of 64 tokens %.2f s (logits %s, first %.5f)%n", args[0], gpt.parameterCount(),
                gpt.parameterCount() * 4 / 1048576.0, loadS, (after - before) / 1048576.0, fwdS,
                java.util.Arrays.toString(logits.shape()), logits.data()[0]);
    }
}
