package io.cambium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.Cambium;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.corpus.Corpus;
import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.train.BatchSampler;
import io.cambium.llm.train.EvalStats;
import io.cambium.llm.train.PretrainConfig;
import io.cambium.llm.train.PretrainListener;
import io.cambium.llm.train.Pretrainer;
import io.cambium.llm.train.StepStats;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learning parity of cambium-llm's pretraining with PyTorch, in one run: the same tiny GPT (the
 * {@code tiny} preset, character level), the same initial weights, the same training windows in
 * the same order and the same recipe (AdamW with decay on matrices only, warm-up and cosine,
 * clipping, gradient accumulation) trained by Cambium's {@link Pretrainer} and by the PyTorch
 * reference ({@code tools/llm/learning_parity.py} with {@code tools/fixtures/gpt_reference.py}).
 * Prints, at every evaluation, both sides' mean training loss since the previous evaluation and
 * their validation losses, the largest differences (the acceptance: at most 0.02 nats), and each
 * side's wall time for the training loop (evaluations included); the repetitions alternate
 * (PyTorch, Cambium, PyTorch, ...). Exit code 1 when a difference passes the limit.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar io.cambium.bench.LearningParity \
 *     [--steps 500] [--repeats 1] [--corpus fortunes|poems|kjv] [--out DIR] [--python /usr/bin/python3] \
 *     [--script tools/llm/learning_parity.py]
 * </pre>
 */
public final class LearningParity {
    private static final double LIMIT = 0.02;

    private LearningParity() {
    }

    public static void main(String[] args) throws Exception {
        int steps = 500;
        int repeats = 1;
        String corpusName = "fortunes";
        Path out = Path.of("cambium-output", "learning-parity");
        String python = "/usr/bin/python3";
        Path script = Path.of("tools", "llm", "learning_parity.py");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--corpus" -> corpusName = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--python" -> python = args[++i];
                case "--script" -> script = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: LearningParity [--steps N] [--repeats N] [--corpus fortunes|poems|kjv]"
                            + " [--out DIR] [--python PATH] [--script PATH]");
                    System.exit(2);
                }
            }
        }
        if (!Files.isRegularFile(script)) {
            System.err.println("LearningParity: " + script + " not found (run from the repository root or give --script)");
            System.exit(2);
        }
        Files.createDirectories(out);
        Corpus corpus = switch (corpusName) {
            case "poems" -> Corpora.classicalPoetry();
            case "kjv" -> Corpora.kingJamesBible();
            default -> Corpora.englishFortunes();
        };
        List<String> docs = new ArrayList<>(corpus.documents());
        Rng shuffle = new Rng(1);
        shuffle.shuffle(docs);
        String text = String.join("\n\n", docs) + "\n";
        CharTokenizer tok = CharTokenizer.trainer().train(List.of(text));
        int[] ids = tok.encodeOrdinary(text);
        TokenDataset.Split split = TokenDataset.of(ids, tok.vocabSize()).split(0.1);
        GptConfig mc = GptConfig.preset("tiny").vocabSize(tok.vocabSize());
        PretrainConfig pc = new PretrainConfig().maxSteps(steps).batchSize(16).gradientAccumulation(2).learningRate(1e-3)
                .minLearningRate(1e-4).warmupSteps(Math.max(1, steps / 10)).weightDecay(0.1).gradClip(1.0)
                .evalInterval(Math.max(1, steps / 10)).evalBatches(20).seed(7);
        int ctx = mc.contextLength();
        int windows = steps * pc.gradientAccumulation() * pc.batchSize();
        long range = split.train().windowStarts(ctx);
        Rng rng = new Rng(pc.seed());
        int[] starts = new int[windows];
        float[] startsF = new float[windows];
        for (int i = 0; i < windows; i++) {
            starts[i] = rng.nextInt((int) range);
            startsF[i] = starts[i];
        }
        Gpt init = Gpt.withSeed(mc, 3);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        init.namedWeights().forEach((k, v) -> weights.put(k, v.copy()));
        SafeTensors.write(out.resolve("init.safetensors"), weights);
        Map<String, Tensor> data = new LinkedHashMap<>();
        data.put("train", floats(split.train()));
        data.put("val", floats(split.validation()));
        data.put("starts", Tensor.of(startsF, windows));
        SafeTensors.write(out.resolve("data.safetensors"), data);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("model", mc.toMap());
        run.put("pretrain", pc.toMap());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("run.json").toFile(), run);
        System.out.printf(Locale.ROOT, "Corpus %s (%s): %,d characters, vocabulary %d; %,d training and %,d validation tokens%n",
                corpus.name(), corpus.source(), text.length(), tok.vocabSize(), split.train().length(),
                split.validation().length());
        System.out.printf(Locale.ROOT, "Model: %,d parameters (%s); %d steps of %d x %d x %d tokens; %d threads; load %s%n",
                init.parameterCount(), "tiny", steps, pc.batchSize(), ctx, pc.gradientAccumulation(), Cambium.threads(),
                load());
        List<Double> torchSeconds = new ArrayList<>();
        List<Double> cambiumSeconds = new ArrayList<>();
        List<Double> torchCpu = new ArrayList<>();
        List<Double> cambiumCpu = new ArrayList<>();
        Map<String, Object> torch = null;
        List<EvalStats> evals = null;
        for (int r = 0; r < repeats; r++) {
            torch = runTorch(python, script, out);
            torchSeconds.add(((Number) torch.get("seconds")).doubleValue());
            torchCpu.add(((Number) torch.get("cpu_seconds")).doubleValue());
            Gpt gpt = new Gpt(mc);
            gpt.setWeights(init.getWeights());
            List<EvalStats> ev = new ArrayList<>();
            int[] next = {0};
            BatchSampler fixed = new BatchSampler() {
                @Override
                public TokenBatch next(int batchSize, int context) {
                    int[] x = new int[batchSize * context];
                    int[] y = new int[batchSize * context];
                    int[] w = new int[context + 1];
                    for (int b = 0; b < batchSize; b++) {
                        int s = starts[next[0]++];
                        for (int k = 0; k <= context; k++) {
                            w[k] = split.train().get(s + k);
                        }
                        System.arraycopy(w, 0, x, b * context, context);
                        System.arraycopy(w, 1, y, b * context, context);
                    }
                    return new TokenBatch(x, y, batchSize, context);
                }

                @Override
                public long[] state() {
                    return new long[] {next[0]};
                }

                @Override
                public void setState(long[] state) {
                    next[0] = (int) state[0];
                }
            };
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            new Pretrainer(gpt, split.train(), split.validation(), pc, null, fixed).run(new PretrainListener() {
                @Override
                public void onEval(EvalStats e) {
                    ev.add(e);
                }

                @Override
                public void onStep(StepStats s) {
                }
            });
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - c0) / 1e9;
            cambiumSeconds.add(sec);
            cambiumCpu.add(cpu);
            System.out.printf(Locale.ROOT, "cambium: %d steps in %.1f s (%.1f CPU-s), final val loss %.4f%n", steps, sec,
                    cpu, ev.get(ev.size() - 1).valLoss());
            evals = ev;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> te = (List<Map<String, Object>>) torch.get("evals");
        System.out.println();
        System.out.println("| step | train loss Cambium | train loss PyTorch | diff | val loss Cambium | val loss PyTorch | diff |");
        System.out.println("|---|---|---|---|---|---|---|");
        double worstTrain = 0;
        double worstVal = 0;
        for (int i = 0; i < evals.size(); i++) {
            EvalStats c = evals.get(i);
            double tt = ((Number) te.get(i).get("train_loss")).doubleValue();
            double tv = ((Number) te.get(i).get("val_loss")).doubleValue();
            worstTrain = Math.max(worstTrain, Math.abs(c.trainLoss() - tt));
            worstVal = Math.max(worstVal, Math.abs(c.valLoss() - tv));
            System.out.printf(Locale.ROOT, "| %d | %.4f | %.4f | %+.4f | %.4f | %.4f | %+.4f |%n", c.step(), c.trainLoss(), tt,
                    c.trainLoss() - tt, c.valLoss(), tv, c.valLoss() - tv);
        }
        System.out.printf(Locale.ROOT, "%nLargest difference: train %.4f, validation %.4f nats (limit %.2f)%n", worstTrain,
                worstVal, LIMIT);
        System.out.printf(Locale.ROOT, "Wall time of the training loop (s), in run order PyTorch/Cambium: %s / %s%n",
                torchSeconds, cambiumSeconds);
        double tm = median(torchSeconds);
        double cm = median(cambiumSeconds);
        System.out.printf(Locale.ROOT, "Median: PyTorch %.1f s (%s, %s threads), Cambium %.1f s; PyTorch / Cambium = %.2f; load %s%n",
                tm, torch.get("torch"), torch.get("threads"), cm, tm / cm, load());
        System.out.printf(Locale.ROOT, "CPU time of the training loop (s), PyTorch/Cambium: %s / %s (the process's CPU time: "
                + "less sensitive than wall time to other load on the machine)%n", torchCpu, cambiumCpu);
        boolean ok = worstTrain <= LIMIT && worstVal <= LIMIT;
        System.out.println(ok ? "PARITY: within " + LIMIT + " nats at every evaluation" : "PARITY FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static Tensor floats(TokenDataset d) {
        float[] f = new float[Math.toIntExact(d.length())];
        for (int i = 0; i < f.length; i++) {
            f[i] = d.get(i);
        }
        return Tensor.of(f, f.length);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runTorch(String python, Path script, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), out.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // PyTorch's fastest threading on this machine (the bench's torch-tuned setting).
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OPENBLAS_THREAD_TIMEOUT", "4");
        pb.environment().put("CAMBIUM_THREADS", Integer.toString(Cambium.threads()));
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the PyTorch reference failed (exit " + p.exitValue() + ")");
        }
        return new ObjectMapper().readValue(new File(out.resolve("torch.json").toString()), Map.class);
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
