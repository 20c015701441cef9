package io.cambium.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.SGD;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The model-file fuzzer, run by {@link ModelFileFuzzTest} in a JVM of its own with a small heap
 * ({@code -Xmx256m}): it mutates a small saved model thousands of times (bit flips, byte
 * overwrites, truncations, extensions, spliced headers, random JSON edits with and without a
 * valid checksum) and loads each mutant with a timeout. Every mutant must load to a model
 * identical to the original or fail with {@link InvalidFileException}; the one exception is a JSON
 * edit signed with a valid checksum that describes another valid model (a learning rate of 0.002
 * instead of 0.001), which must then load consistently: predict, save and load back identically.
 * Anything else (another exception, an OutOfMemoryError, a hang) is a failure.
 *
 * <p>Arguments: a work directory, the number of mutants, the seed. Prints one line per mutation
 * kind and a total, and exits with 1 when anything failed.
 */
public final class ModelFileFuzz {
    private static final long TIMEOUT_SECONDS = 20;

    private enum Outcome { IDENTICAL, REJECTED, VALID_OTHER_MODEL, FAILED }

    private record Kind(String name, int share, boolean mayDescribeAnotherModel) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("bit flip", 30, false),
            new Kind("byte overwrite", 8, false),
            new Kind("truncation", 12, false),
            new Kind("extension", 3, false),
            new Kind("spliced header", 8, false),
            new Kind("spliced parts (re-signed)", 4, true),
            new Kind("json edit (old checksum)", 5, false),
            new Kind("json edit (re-signed)", 30, true));

    private final Path dir;
    private final Random random;
    private final byte[] base;
    private final byte[] other;
    private final Model original;
    private ExecutorService worker = newWorker();
    private final List<String> failures = new ArrayList<>();

    private ModelFileFuzz(Path dir, long seed) throws IOException {
        this.dir = dir;
        this.random = new Random(seed);
        Layer.resetNames();
        Cambium.seed(seed);
        Sequential m = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dropout(0.25),
                new Dense(2).activation("softmax"));
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        m.trainOnBatch(Tensor.rand(5, 3), Tensor.of(new float[] {0, 1, 1, 0, 1}));
        m.completedEpochs(2);
        Path b = dir.resolve("base.cambium");
        m.save(b);
        base = Files.readAllBytes(b);
        SymbolicTensor in = Input.shape(3);
        Model f = new Model(in, new Dense(3).activation("tanh").apply(new Dense(5).apply(in)));
        f.compile(new SGD(0.1f), Losses.meanSquaredError());
        f.trainOnBatch(Tensor.rand(4, 3), Tensor.rand(4, 3));
        Path o = dir.resolve("other.cambium");
        f.save(o);
        other = Files.readAllBytes(o);
        original = Model.load(b);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-load");
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        ModelFileFuzz fuzz = new ModelFileFuzz(dir, seed);
        int failed = fuzz.run(count);
        System.exit(failed == 0 ? 0 : 1);
    }

    private int run(int count) throws Exception {
        int totalShare = KINDS.stream().mapToInt(Kind::share).sum();
        Map<String, int[]> counts = new LinkedHashMap<>();
        long start = System.nanoTime();
        int tried = 0;
        for (Kind k : KINDS) {
            int n = (int) Math.ceil((double) count * k.share() / totalShare);
            int[] c = new int[Outcome.values().length];
            for (int i = 0; i < n; i++) {
                byte[] mutant = mutate(k.name());
                Outcome o = check(k, mutant, i);
                c[o.ordinal()]++;
                tried++;
            }
            counts.put(k.name(), c);
        }
        worker.shutdownNow();
        System.out.printf("model-file fuzz: %d mutants of a %d-byte model file, seed-fixed, %.1f s, max heap %d MB%n",
                tried, base.length, (System.nanoTime() - start) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        int[] total = new int[Outcome.values().length];
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("  %-26s tried %5d  identical %5d  rejected %5d  valid other model %4d  failed %d%n",
                    e.getKey(), Arrays.stream(c).sum(), c[0], c[1], c[2], c[3]);
            for (int i = 0; i < c.length; i++) {
                total[i] += c[i];
            }
        }
        System.out.printf("  %-26s tried %5d  identical %5d  rejected %5d  valid other model %4d  failed %d%n",
                "total", tried, total[0], total[1], total[2], total[3]);
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (String f : failures) {
            String kind = f.substring(0, f.indexOf(" #"));
            if (shown.merge(kind, 1, Integer::sum) <= 8) {
                System.out.println("FAILURE " + f);
            }
        }
        return total[3];
    }

    private Outcome check(Kind kind, byte[] mutant, int index) throws IOException {
        Path p = dir.resolve("mutant.cambium");
        Files.write(p, mutant);
        Future<Model> f = worker.submit(() -> Model.load(p));
        Model loaded;
        try {
            loaded = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the old thread may stay stuck
            return fail(kind, index, mutant, "no answer after " + TIMEOUT_SECONDS + " s (a hang)");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof InvalidFileException) {
                if (t.getMessage().length() > Printable.MAX_MESSAGE + 40 || !Printable.isSafe(t.getMessage())) {
                    return fail(kind, index, mutant, "an unbounded or unescaped message");
                }
                return Outcome.REJECTED;
            }
            StringBuilder where = new StringBuilder();
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(4, st.length); i++) {
                where.append(" at ").append(st[i]);
            }
            return fail(kind, index, mutant, t.getClass().getName() + ": " + t.getMessage() + where);
        }
        if (ModelIdentity.differences(original, loaded).isEmpty()) {
            return Outcome.IDENTICAL;
        }
        if (!kind.mayDescribeAnotherModel()) {
            return fail(kind, index, mutant, "loaded a different model: " + ModelIdentity.differences(original, loaded));
        }
        // A signed edit that describes another valid model: it must behave as one.
        try {
            List<int[]> in = loaded.inputShapes();
            if (in != null && in.size() == 1) {
                // An edit may change the input shape (a Dense on (3, 3) instead of (3,)): feed what it takes.
                int[] shape = in.get(0).clone();
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shape[i] < 0 ? 2 : shape[i];
                }
                try (NoGrad g = NoGrad.scope()) {
                    loaded.predict(Tensor.rand(shape));
                }
            }
            Path again = dir.resolve("again.cambium");
            loaded.save(again);
            Model back = Model.load(again);
            List<String> d = ModelIdentity.differences(loaded, back);
            if (!d.isEmpty()) {
                return fail(kind, index, mutant, "a valid edited model does not survive save and load: " + d);
            }
        } catch (Exception | Error e) {
            return fail(kind, index, mutant, "a valid edited model fails: " + e);
        }
        return Outcome.VALID_OTHER_MODEL;
    }

    private Outcome fail(Kind kind, int index, byte[] mutant, String what) {
        failures.add(kind.name() + " #" + index + ": " + Printable.clean(what, 600));
        if (failures.size() == 1) {
            try {
                Files.write(dir.resolve("first-failure.cambium"), mutant);
            } catch (IOException e) {
                // the message is what matters
            }
        }
        return Outcome.FAILED;
    }

    // ------------------------------------------------------------------ mutations

    private byte[] mutate(String kind) {
        byte[] b = base.clone();
        switch (kind) {
            case "bit flip" -> {
                int pos = random.nextInt(b.length);
                b[pos] ^= (byte) (1 << random.nextInt(8));
                return b;
            }
            case "byte overwrite" -> {
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case "truncation" -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case "extension" -> {
                byte[] e = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
                for (int i = b.length; i < e.length; i++) {
                    e[i] = (byte) random.nextInt(256);
                }
                return e;
            }
            case "spliced header" -> {
                return splice();
            }
            case "spliced parts (re-signed)" -> {
                return spliceSigned();
            }
            case "json edit (old checksum)" -> {
                FileSurgery.Parts p = FileSurgery.split(base);
                ObjectNode h = p.headerJson();
                String checksum = h.get("__metadata__").get(SafeTensors.CRC_KEY).asText();
                byte[] signed = jsonEdit();
                FileSurgery.Parts q = FileSurgery.split(signed);
                ObjectNode edited = q.headerJson();
                ((ObjectNode) edited.get("__metadata__")).put(SafeTensors.CRC_KEY, checksum);
                try {
                    return FileSurgery.join(FileSurgery.JSON.writeValueAsBytes(edited), q.data());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            default -> {
                return jsonEdit();
            }
        }
    }

    /** Headers and data of the two files combined, or cut and joined at random places. */
    private byte[] splice() {
        FileSurgery.Parts a = FileSurgery.split(base);
        FileSurgery.Parts o = FileSurgery.split(other);
        switch (random.nextInt(3)) {
            case 0 -> {
                return FileSurgery.join(o.header(), a.data());
            }
            case 1 -> {
                return FileSurgery.join(a.header(), o.data());
            }
            default -> {
                int cutA = random.nextInt(a.header().length);
                int cutO = random.nextInt(o.header().length);
                byte[] h = new byte[cutA + o.header().length - cutO];
                System.arraycopy(a.header(), 0, h, 0, cutA);
                System.arraycopy(o.header(), cutO, h, cutA, o.header().length - cutO);
                return FileSurgery.join(h, random.nextBoolean() ? a.data() : o.data());
            }
        }
    }

    /**
     * A metadata part of the other file in this one, signed: the architecture with the other
     * file's weights does not fit; another training state or optimizer may describe a valid model.
     */
    private byte[] spliceSigned() {
        FileSurgery.Parts a = FileSurgery.split(base);
        FileSurgery.Parts o = FileSurgery.split(other);
        ObjectNode h = a.headerJson();
        String part = new String[] {"architecture", "optimizer", "training"}[random.nextInt(3)];
        ((ObjectNode) h.get("__metadata__")).put(part, o.meta(part));
        return FileSurgery.sign(h, a.data());
    }

    /** One random edit of the architecture, optimizer or training JSON, signed with a valid checksum. */
    private byte[] jsonEdit() {
        String part = switch (random.nextInt(6)) {
            case 0, 1, 2 -> "architecture";
            case 3 -> "optimizer";
            default -> "training";
        };
        if (random.nextInt(10) == 0) {
            // A raw text edit: duplicate keys, broken syntax, odd numbers.
            return FileSurgery.editMeta(base, part, this::textEdit);
        }
        return FileSurgery.editMeta(base, part, json -> {
            try {
                JsonNode root = FileSurgery.JSON.readTree(json);
                List<JsonNode> containers = new ArrayList<>();
                collect(root, containers);
                editOne(containers.get(random.nextInt(containers.size())));
                return FileSurgery.JSON.writeValueAsString(root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private String textEdit(String json) {
        int at = random.nextInt(json.length());
        String[] inserts = {",", "}", "\"", "\\u0000", "1e309", "-0", "NaN", ",\"units\":7", "[", "\u001b[2J"};
        return switch (random.nextInt(3)) {
            case 0 -> json.substring(0, at) + inserts[random.nextInt(inserts.length)] + json.substring(at);
            case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(8)));
            default -> {
                int key = json.indexOf("\":", at);
                if (key < 0) {
                    yield json + " ";
                }
                int open = json.lastIndexOf('"', key - 1);
                String name = json.substring(open, key + 2);
                yield json.substring(0, key + 2) + "0," + name + json.substring(key + 2);
            }
        };
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonNode randomValue() {
        return switch (random.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(random.nextInt(10) - 2);
            case 3 -> F.numberNode(random.nextDouble() * 10);
            case 4 -> F.numberNode(new double[] {1e30, -1e30, 1e-45, 2147483648.0, 0.5, 12.9}[random.nextInt(6)]);
            case 5 -> F.numberNode(new long[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, Long.MAX_VALUE, 100_000_000,
                0}[random.nextInt(6)]);
            case 6 -> F.textNode(new String[] {"relu", "selu", "same", "valid", "Dense", "Dropout", "Bogus", "",
                "\u001b[31m", "sgd", "glorot_uniform"}[random.nextInt(11)]);
            case 7 -> F.arrayNode();
            case 8 -> F.arrayNode().add(random.nextInt(5)).add(random.nextInt(5));
            case 9 -> F.objectNode();
            case 10 -> F.objectNode().put("class_name", "Dense").set("config", F.objectNode().put("units", 3));
            default -> F.arrayNode().add(F.arrayNode().add("dense").add(0).add(0));
        };
    }

    private void editOne(JsonNode c) {
        if (c instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            String key = keys.isEmpty() ? "units" : keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(7)) {
                case 0 -> o.remove(key);
                case 1 -> {
                    JsonNode v = o.remove(key);
                    o.set(key.isEmpty() ? "x" : key.substring(0, key.length() - 1), v == null ? F.nullNode() : v);
                }
                case 2 -> o.set("unexpected_" + random.nextInt(3), randomValue());
                case 3 -> {
                    JsonNode v = o.get(key);
                    if (v != null && v.isNumber()) {
                        double d = v.asDouble();
                        double[] options = {d + 1, d - 1, d * 10, d / 2, -d, d + 0.5};
                        double nv = options[random.nextInt(options.length)];
                        o.set(key, v.isIntegralNumber() && nv == Math.rint(nv) && Math.abs(nv) < 1e15
                                ? F.numberNode((long) nv) : F.numberNode(nv));
                    } else {
                        o.set(key, randomValue());
                    }
                }
                default -> o.set(key, randomValue());
            }
        } else if (c instanceof ArrayNode a) {
            int i = a.isEmpty() ? 0 : random.nextInt(a.size());
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!a.isEmpty()) {
                        a.remove(i);
                    }
                }
                case 1 -> a.insert(i, a.isEmpty() ? randomValue() : a.get(random.nextInt(a.size())).deepCopy());
                case 2 -> {
                    if (a.size() > 1) {
                        JsonNode x = a.get(0);
                        a.set(0, a.get(a.size() - 1));
                        a.set(a.size() - 1, x);
                    }
                }
                default -> {
                    if (a.isEmpty()) {
                        a.add(randomValue());
                    } else {
                        a.set(i, randomValue());
                    }
                }
            }
        }
    }
}
