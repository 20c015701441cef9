package io.cambium.tensor.kernels;

/**
 * The kernel implementations chosen at start-up. The Vector API implementations are used when
 * the {@code jdk.incubator.vector} module is present and the system property
 * {@code cambium.vector} is not {@code false}; otherwise the plain-Java fallbacks are.
 */
public final class Kernels {
    private static final String VECTOR_GEMM = "io.cambium.tensor.kernels.vector.VectorGemm";
    /** Fills the Vector API's operator caches before any kernel runs (see that class: a JDK 17 workaround). */
    private static final String VECTOR_WARMUP = "io.cambium.tensor.kernels.vector.VectorWarmup";

    private static volatile Gemm gemm = chooseGemm();

    private Kernels() {
    }

    /** Whether the Vector API kernels may be used: module present and not disabled. */
    public static boolean vectorAvailable() {
        return !"false".equalsIgnoreCase(System.getProperty("cambium.vector", "true"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static Gemm chooseGemm() {
        Gemm vector = loadVector(Gemm.class, VECTOR_GEMM, "kernels", "scalar kernels");
        return vector != null ? vector : new ScalarGemm();
    }

    /**
     * The Vector API implementation {@code className} of {@code type} when {@link #vectorAvailable()},
     * else null. Loaded by name, so that nothing referring to the incubator module loads without it;
     * a failure to load is reported on stderr ("Vector API {@code what} unavailable ...; using
     * {@code fallback}") and also gives null.
     */
    static <T> T loadVector(Class<T> type, String className, String what, String fallback) {
        if (!vectorAvailable()) {
            return null;
        }
        try {
            Class.forName(VECTOR_WARMUP);
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("cambium: Vector API " + what + " unavailable (" + e + "); using " + fallback);
            return null;
        }
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return gemm;
    }

    /** Replaces the GEMM in use (for tests and benchmarks that compare implementations). */
    public static void setGemm(Gemm g) {
        gemm = g;
    }

    /** The kernels in use, for logs: e.g. {@code vector(FloatVector 512-bit, GEMM avx512 14x32)} or {@code scalar}. */
    public static String describe() {
        return gemm.name();
    }

    /** The exp-based array loops in use (Vector API or plain Java, bitwise equal results). */
    public static TranscendentalKernels transcendentals() {
        return Transcendentals.IN_USE;
    }
}
