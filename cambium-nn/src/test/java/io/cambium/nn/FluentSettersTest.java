package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.regularizers.Regularizers;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Fluent setters keep the concrete layer type, in any order, for every layer (issue 14). */
class FluentSettersTest {
    /** Methods that take arguments and return a layer without being setters of the receiver. */
    private static final Set<String> NOT_SETTERS = Set.of("getLayer");

    @Test
    void chainsFromTheIssueCompileWithTheConcreteType() {
        // Each line failed to compile before: the setters of the base classes returned the base type.
        GRU gru = new GRU(4).returnSequences(true).resetAfter(true);
        GRU gru2 = new GRU(4).resetAfter(true).name("g").returnSequences(true).inputShape(5, 3);
        var conv = new Conv2D(4, 3).strides(2);
        Conv2D conv2 = conv.padding("same").name("c").activation("relu").trainable(false).strides(1, 2);
        Dense dense = new Dense(8).inputShape(4).kernelRegularizer(Regularizers.l2(0.01));
        Dense dense2 = new Dense(8).name("d").activityRegularizer(Regularizers.l1(0.1)).useBias(false);
        LSTM lstm = new LSTM(3).trainable(true).returnState(true).unitForgetBias(false);
        MaxPooling2D pool = new MaxPooling2D(2).name("p").strides(1).padding("same");
        Conv2DTranspose up = new Conv2DTranspose(2, 3).inputShape(8, 8, 1).strides(2);
        Sequential seq = new Sequential(dense).name("s").trainable(false);
        assertThat(List.of(gru, gru2, conv2, dense, dense2, lstm, pool, up, seq)).doesNotContainNull();
        assertThat(conv2.name()).isEqualTo("c");
        // Numeric options take double literals, as Keras users write them.
        var relu = new io.cambium.nn.layers.core.LeakyReLU(0.2).name("lr");
        var scale = new io.cambium.nn.layers.preprocessing.Rescaling(1 / 255.0);
        var precision = new io.cambium.nn.metrics.Precision(0.5);
        assertThat((double) relu.config().get("negative_slope")).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(scale.apply(Tensor.full(255f, 1, 1)).item()).isEqualTo(1f);
        assertThat(precision.name()).isNotEmpty();
        assertThat(dense.declaredInputShape()).containsExactly(4);
        assertThat(seq.trainable()).isFalse();
    }

    @Test
    void everyLayerSetterReturnsTheLayersOwnType() throws Exception {
        List<Class<?>> layers = concreteLayerClasses();
        assertThat(layers).hasSizeGreaterThan(50).contains(Dense.class, GRU.class, Conv2D.class, Sequential.class);
        List<String> wrong = new ArrayList<>();
        for (Class<?> c : layers) {
            for (Method m : c.getMethods()) {
                if (m.isBridge() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0
                        || NOT_SETTERS.contains(m.getName()) || !m.getReturnType().isAssignableFrom(c)
                        || m.getReturnType() == Object.class) {
                    continue;
                }
                Type resolved = resolve(m.getGenericReturnType(), c, m.getDeclaringClass());
                if (resolved != c) {
                    wrong.add(c.getSimpleName() + "." + m.getName() + " returns " + resolved.getTypeName());
                }
            }
        }
        assertThat(wrong).as("setters that lose the concrete type").isEmpty();
    }

    /** The return type of a method declared in {@code declaring}, seen from its subclass {@code leaf}. */
    private static Type resolve(Type t, Class<?> leaf, Class<?> declaring) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> c = leaf; c != null && c != declaring; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = c.getSuperclass().getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    Type a = args[i];
                    bindings.put(vars[i], a instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : a);
                }
            }
        }
        Type r = t;
        while (r instanceof TypeVariable<?> v && bindings.containsKey(v)) {
            r = bindings.get(v);
        }
        return r;
    }

    private static List<Class<?>> concreteLayerClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (!rel.endsWith(".class") || rel.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'));
                if (Layer.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                        && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
