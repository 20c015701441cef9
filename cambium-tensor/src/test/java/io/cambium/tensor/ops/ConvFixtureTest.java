package io.cambium.tensor.ops;

import static io.cambium.testing.Fixtures.assertClose;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, transposed convolution and pooling against PyTorch (tools/fixtures/gen_conv.py),
 * forward values and both gradients, at 1 and 2 threads.
 */
class ConvFixtureTest {
    private static final Fixtures CONV = Fixtures.load("conv.json");
    private static final Fixtures MORE = Fixtures.load("conv_more.json");
    private static final Fixtures DIRECT = Fixtures.load("conv_direct.json");
    private static final Fixtures DIRECT_MORE = Fixtures.load("conv_direct_more.json");
    private static final int THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(THREADS);
    }

    static Stream<String> convCases() {
        return CONV.names().stream().filter(n -> n.startsWith("conv") || n.startsWith("deconv"));
    }

    static Stream<String> moreCases() {
        return MORE.names().stream();
    }

    static Stream<String> directCases() {
        return Stream.concat(DIRECT.names().stream(),
                DIRECT_MORE.names().stream().filter(n -> !n.contains("pool")));
    }

    static Stream<String> poolCases() {
        return CONV.names().stream().filter(n -> n.contains("pool"));
    }

    private static int[] intsOrNull(Fixtures.Case c, String name) {
        return c.attr(name).isNull() ? null : c.ints(name);
    }

    private static ConvPadding padding(Fixtures.Case c) {
        return ConvPadding.valueOf(c.attr("padding").asText());
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void convolutionsMatchTorch(String name) {
        matchesTorch(CONV.get(name));
    }

    /** relu(conv + bias) as one op, and single-channel inputs. */
    @ParameterizedTest
    @MethodSource("moreCases")
    void fusedAndSingleChannelConvolutionsMatchTorch(String name) {
        matchesTorch(MORE.get(name));
    }

    /** Stride 1, one group, channel counts of whole vectors: the direct kernels (with the Vector API). */
    @ParameterizedTest
    @MethodSource("directCases")
    void directConvolutionsMatchTorch(String name) {
        matchesTorch(DIRECT.names().contains(name) ? DIRECT.get(name) : DIRECT_MORE.get(name));
    }

    private static void matchesTorch(Fixtures.Case c) {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Tensor x = c.tensor("x").requiresGrad(true);
            Tensor k = c.tensor("k").requiresGrad(true);
            Tensor b = c.has("b") ? c.tensor("b").requiresGrad(true) : null;
            Tensor out = switch (c.attr("op").asText()) {
                case "conv2d" -> x.conv2d(k, c.ints("strides"), padding(c), c.ints("dilation"),
                        c.attr("groups").asInt());
                case "conv1d" -> x.conv1d(k, c.attr("stride").asInt(), padding(c), c.attr("dilation").asInt(),
                        c.attr("groups").asInt());
                case "conv2d_bias_relu" -> x.conv2d(k, b, true, c.ints("strides"), padding(c), c.ints("dilation"),
                        c.attr("groups").asInt());
                case "conv1d_bias_relu" -> x.conv1d(k, b, true, c.attr("stride").asInt(), padding(c),
                        c.attr("dilation").asInt(), c.attr("groups").asInt());
                case "conv2d_transpose" -> x.conv2dTranspose(k, c.ints("strides"), padding(c),
                        intsOrNull(c, "output_padding"));
                default -> throw new IllegalStateException(c.attr("op").asText());
            };
            String id = c.id() + " threads=" + threads;
            assertClose(id + " out", c.tensor("out"), out, 1e-4, 1e-5);
            out.backward(c.tensor("gout"));
            assertClose(id + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-4);
            assertClose(id + " gk", c.tensor("gk"), k.grad(), 1e-4, 1e-4);
            if (b != null) {
                assertClose(id + " gb", c.tensor("gb"), b.grad(), 1e-4, 1e-4);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("poolCases")
    void poolingMatchesTorch(String name) {
        poolMatchesTorch(CONV.get(name));
    }

    /** 2x2 windows with stride 2 (their own loops) over 19 channels, with ties. */
    @ParameterizedTest
    @MethodSource("directPoolCases")
    void disjointWindowPoolingMatchesTorch(String name) {
        poolMatchesTorch(DIRECT_MORE.get(name));
    }

    static Stream<String> directPoolCases() {
        return DIRECT_MORE.names().stream().filter(n -> n.contains("pool"));
    }

    private static void poolMatchesTorch(Fixtures.Case c) {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Tensor x = c.tensor("x").requiresGrad(true);
            Tensor out = switch (c.attr("op").asText()) {
                case "max_pool2d" -> x.maxPool2d(c.ints("pool"), intsOrNull(c, "strides"), padding(c));
                case "avg_pool2d" -> x.avgPool2d(c.ints("pool"), intsOrNull(c, "strides"), padding(c));
                case "max_pool1d" -> x.maxPool1d(c.attr("pool").asInt(), c.attr("stride").asInt(), padding(c));
                case "avg_pool1d" -> x.avgPool1d(c.attr("pool").asInt(), c.attr("stride").asInt(), padding(c));
                default -> throw new IllegalStateException(c.attr("op").asText());
            };
            String id = c.id() + " threads=" + threads;
            assertClose(id + " out", c.tensor("out"), out, 1e-6, 1e-6);
            out.backward(c.tensor("gout"));
            assertClose(id + " gx", c.tensor("gx"), x.grad(), 1e-5, 1e-6);
        }
    }
}
