package io.cambium.bench;

import java.util.Locale;
import java.util.Map;

/** What Cambium's figures are compared with in a bench run. */
public enum Peer {
    /** Cambium alone. */
    NONE("none", Map.of()),
    /** The bundled reference under PyTorch's and OpenBLAS's default threading (2 + 2 threads). */
    TORCH("torch", Map.of()),
    /**
     * The bundled reference with the threading settings that were fastest for PyTorch on the
     * project's 2-core machine (passive OpenMP waiting, OpenBLAS threads that sleep soon), so
     * that its threads do not spin against each other.
     */
    TORCH_TUNED("torch-tuned", Map.of("OMP_WAIT_POLICY", "PASSIVE", "OPENBLAS_THREAD_TIMEOUT", "4"));

    private final String label;
    private final Map<String, String> environment;

    Peer(String label, Map<String, String> environment) {
        this.label = label;
        this.environment = environment;
    }

    /** The name a user types ({@code --vs torch-tuned}). */
    public String label() {
        return label;
    }

    /** Environment variables the reference process runs with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The peer named {@code label} (case-insensitive), or null. */
    public static Peer of(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (Peer p : values()) {
            if (p.label.equals(l)) {
                return p;
            }
        }
        return null;
    }
}
