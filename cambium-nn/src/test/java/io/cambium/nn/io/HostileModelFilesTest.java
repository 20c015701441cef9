package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted and damaged model files: each is rejected with an {@link InvalidFileException} naming
 * the file and the problem, without allocating what the file asks for, without a hang and without
 * a partial load; or, for damage that changes nothing, loads to the same model.
 */
class HostileModelFilesTest {
    @TempDir
    Path dir;
    private Path good;
    private byte[] bytes;

    @BeforeEach
    void saveAModel() throws IOException {
        Layer.resetNames();
        Cambium.seed(7);
        Sequential m = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dense(2).activation("softmax"));
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        m.trainOnBatch(Tensor.rand(5, 3), Tensor.of(new float[] {0, 1, 1, 0, 1}));
        m.completedEpochs(3);
        good = dir.resolve("good.cambium");
        m.save(good);
        bytes = Files.readAllBytes(good);
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private InvalidFileException rejected(Path p) {
        Throwable t = catchThrowable(() -> Model.load(p));
        assertThat(t).as("loading %s", p.getFileName()).isInstanceOf(InvalidFileException.class);
        assertThat(t.getMessage()).contains(p.getFileName().toString()).hasSizeLessThanOrEqualTo(Printable.MAX_MESSAGE + 40);
        return (InvalidFileException) t;
    }

    private static ObjectNode layerConfig(JsonNode arch, int i) {
        return (ObjectNode) arch.get("config").get("layers").get(i).get("config");
    }

    // ------------------------------------------------------------------ item 6

    @Test
    void anArchitectureAskingForHugeWeightsIsRejectedBeforeAnyAllocation() throws IOException {
        for (double units : new double[] {1e8, 2e7, 1 << 30}) {
            Path p = write("units.cambium", FileSurgery.editArchitecture(bytes, a -> {
                layerConfig(a, 0).put("units", (long) units);
                return a;
            }));
            long before = allocatedBytes();
            InvalidFileException e = rejected(p);
            long allocated = allocatedBytes() - before;
            assertThat(e.getMessage()).contains("Dense 'dense'").contains("dense/kernel")
                    .containsAnyOf("the file holds (3, 4)", "more than 2^31-1 elements");
            // 2e7 units of a 3-input Dense are 240 MB: the check comes before the allocation.
            assertThat(allocated).as("bytes allocated while rejecting %s units", units).isLessThan(20L << 20);
        }
    }

    // ------------------------------------------------------------------ item 7

    @Test
    void everyDamagedHeaderBitIsDetected() throws IOException {
        FileSurgery.Parts parts = FileSurgery.split(bytes);
        String header = new String(parts.header(), StandardCharsets.UTF_8);
        List<Integer> positions = new ArrayList<>();
        // The places where a flip once changed the model silently: an activation, the learning
        // rate, the epoch; and a sample of everything else.
        for (String s : new String[] {"relu", "softmax", "learning_rate", "\\\"epoch\\\":3", "beta_1"}) {
            int at = header.indexOf(s);
            assertThat(at).as(s).isGreaterThanOrEqualTo(0);
            for (int i = 0; i < s.length() + 8; i++) {
                positions.add(8 + at + i);
            }
        }
        Random r = new Random(1);
        for (int i = 0; i < 100; i++) {
            positions.add(r.nextInt(8 + parts.header().length));
        }
        Model original = Model.load(good);
        int rejected = 0;
        for (int pos : positions) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = bytes.clone();
                b[pos] ^= (byte) (1 << bit);
                Path p = write("flip.cambium", b);
                Throwable t = catchThrowable(() -> Model.load(p));
                if (t == null) {
                    assertThat(ModelIdentity.differences(original, Model.load(p))).as("flip at %d bit %d", pos, bit).isEmpty();
                } else {
                    assertThat(t).as("flip at %d bit %d", pos, bit).isInstanceOf(InvalidFileException.class);
                    rejected++;
                }
            }
        }
        assertThat(rejected).isGreaterThan(positions.size() * 8 * 9 / 10);
        // relu -> selu is one bit ('r' 0x72 -> 's' 0x73): a valid model, caught by the checksum.
        int relu = header.indexOf("relu") + 8;
        byte[] selu = bytes.clone();
        selu[relu] ^= 1;
        assertThat(rejected(write("selu.cambium", selu)).getMessage()).contains("checksum mismatch");
    }

    // ------------------------------------------------------------------ item 8

    @Test
    void unknownKeysAndInexactValuesAreRejectedWithTheirPath() throws IOException {
        Path typo = write("typo.cambium", FileSurgery.editArchitecture(bytes, a -> {
            ObjectNode c = layerConfig(a, 1);
            c.set("activaton", c.remove("activation"));
            return a;
        }));
        assertThat(rejected(typo).getMessage()).contains("unknown key").contains("config.layers[1].config.activaton")
                .contains("Dense");
        Path fraction = write("fraction.cambium", FileSurgery.editArchitecture(bytes, a -> {
            layerConfig(a, 0).put("units", 12.9);
            return a;
        }));
        assertThat(rejected(fraction).getMessage()).contains("config.layers[0].config.units").contains("integer")
                .contains("12.9");
        Path huge = write("huge.cambium", FileSurgery.editArchitecture(bytes, a -> {
            layerConfig(a, 0).put("units", 1e30);
            return a;
        }));
        assertThat(rejected(huge).getMessage()).contains("units").contains("int range");
        Path epoch = write("epoch.cambium", FileSurgery.editMeta(bytes, "training",
                t -> t.replace("\"epoch\":3", "\"epoch\":2147483648")));
        assertThat(rejected(epoch).getMessage()).contains("epoch").contains("2147483648");
        Path trainingKey = write("training-key.cambium", FileSurgery.editMeta(bytes, "training",
                t -> t.replace("\"epoch\":3", "\"epoch\":3,\"epochs\":4")));
        assertThat(rejected(trainingKey).getMessage()).contains("training.epochs");
        Path optimizerKey = write("optimizer-key.cambium", FileSurgery.editMeta(bytes, "optimizer",
                o -> o.replace("\"beta_1\"", "\"beta1\":0.5,\"beta_1\"")));
        assertThat(rejected(optimizerKey).getMessage()).contains("optimizer.beta1");
        Path lossKey = write("loss-key.cambium", FileSurgery.editMeta(bytes, "training",
                t -> t.replace("\"from_logits\":false", "\"from_logit\":true")));
        assertThat(rejected(lossKey).getMessage()).contains("from_logit");
        Path metaKey = write("meta-key.cambium", FileSurgery.editMeta(bytes, "note", n -> "hello"));
        assertThat(rejected(metaKey).getMessage()).contains("unknown metadata key 'note'");
        Path duplicate = write("duplicate.cambium", FileSurgery.editMeta(bytes, "architecture",
                a -> a.replace("\"units\":4", "\"units\":4,\"units\":5")));
        assertThat(rejected(duplicate).getMessage()).contains("Duplicate field 'units'");
        Path type = write("type.cambium", FileSurgery.editArchitecture(bytes, a -> {
            layerConfig(a, 0).put("use_bias", "yes");
            return a;
        }));
        assertThat(rejected(type).getMessage()).contains("config.layers[0].config.use_bias").contains("true or false");
    }

    // ------------------------------------------------------------------ item 9

    private byte[] functionalFile() throws IOException {
        Layer.resetNames();
        SymbolicTensor in = Input.shape(3);
        SymbolicTensor h = new Dense(4).activation("relu").apply(in);
        Model m = new Model(in, new Dense(2).apply(h));
        Path p = dir.resolve("functional.cambium");
        m.save(p);
        return Files.readAllBytes(p);
    }

    @Test
    void malformedGraphsAndPathsAreInvalidFileExceptions() throws Exception {
        byte[] f = functionalFile();
        assertThat(Model.load(write("f.cambium", f)).layers()).hasSize(3);
        Path nullShape = write("null-shape.cambium", FileSurgery.editArchitecture(f, a -> {
            layerConfig(a, 0).putNull("shape");
            return a;
        }));
        assertThat(rejected(nullShape).getMessage()).contains("shape");
        Path cycle = write("cycle.cambium", FileSurgery.editArchitecture(f, a -> {
            ArrayNode layers = (ArrayNode) a.get("config").get("layers");
            // dense_1 feeds dense, dense feeds dense_1: no order exists.
            ((ArrayNode) layers.get(1).get("inbound_nodes").get(0).get(0)).set(0, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("dense_1"));
            return a;
        }));
        assertThat(rejected(cycle).getMessage()).contains("cannot connect");
        Path notAList = write("not-a-list.cambium", FileSurgery.editArchitecture(f, a -> {
            ((ObjectNode) a.get("config")).put("layers", "dense");
            return a;
        }));
        assertThat(rejected(notAList).getMessage()).contains("layers").contains("list");
        Path badRef = write("bad-ref.cambium", FileSurgery.editArchitecture(f, a -> {
            ((ArrayNode) a.get("config").get("output_layers").get(0)).set(1, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("zero"));
            return a;
        }));
        assertThat(rejected(badRef).getMessage()).contains("tensor reference");
        Path deep = write("deep.cambium", FileSurgery.editMeta(f, "architecture", x -> "[".repeat(100_000)
                + "]".repeat(100_000)));
        assertThat(rejected(deep).getMessage()).containsIgnoringCase("nesting");
        // Not a file: a directory, and a FIFO that would block a reader forever.
        Path d = Files.createDirectory(dir.resolve("a-directory.cambium"));
        assertThat(rejected(d).getMessage()).contains("not a regular file");
        Path fifo = dir.resolve("fifo.cambium");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> rejected(fifo));
        }
        Throwable missing = catchThrowable(() -> Model.load(dir.resolve("missing.cambium")));
        assertThat(missing).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("missing.cambium").hasMessageContaining("no such file");
    }

    // ------------------------------------------------------------------ item 10

    private static byte[] safetensors(String headerJson) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void countsAndMessagesAreBoundedAndEscaped() throws IOException {
        StringBuilder h = new StringBuilder("{");
        for (int i = 0; i < 1_400_000; i++) {
            h.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        Path many = write("many.safetensors", safetensors(h.append('}').toString()));
        long before = allocatedBytes();
        Throwable t = catchThrowable(() -> SafeTensors.read(many));
        assertThat(t).isInstanceOf(InvalidFileException.class).hasMessageContaining("more than 100000 tensors");
        assertThat(t.getMessage().length()).isLessThan(300);
        assertThat(allocatedBytes() - before).isLessThan(400L << 20);

        String evil = "\u001b[31mred\u001b[0m\u0007" + "x".repeat(5_000);
        Path named = write("named.safetensors", safetensors("{\"" + evil.replace("\u001b", "\\u001b").replace("\u0007",
                "\\u0007") + "\":{\"dtype\":\"I32\",\"shape\":[0],\"data_offsets\":[0,0]}}"));
        Throwable e = catchThrowable(() -> SafeTensors.read(named));
        assertThat(e).isInstanceOf(InvalidFileException.class);
        assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b[31mred")
                .hasSizeLessThanOrEqualTo(Printable.MAX_MESSAGE + 40);
        Path format = write("format.cambium", FileSurgery.editMeta(bytes, "format", x -> "\u001b]0;pwned\u0007"));
        assertThat(rejected(format).getMessage()).doesNotContain("\u001b").contains("\\u001b]0;pwned");
    }

    // ------------------------------------------------------------------ a load is all or nothing

    @Test
    void aRejectedFileChangesNothingGlobal() throws IOException {
        Cambium.seed(99);
        long[] rng = Cambium.rng().state();
        Path p = write("late-failure.cambium", FileSurgery.editMeta(bytes, "training",
                t -> t.replace("\"from_logits\":false", "\"from_logits\":\"no\"")));
        rejected(p);
        assertThat(Cambium.rng().state()).containsExactly(rng);
    }
}
