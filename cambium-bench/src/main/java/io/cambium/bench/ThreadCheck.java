package io.cambium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How many threads the reference's libraries really used for a case, as the reference read them
 * back (threadpoolctl, or the libraries' own getters): the BLAS pool, the OpenMP pool and
 * PyTorch's intra-op threads, each null when it was not read. A figure is comparable with
 * Cambium's at the same thread count only when the check is {@link #verified()}; one that
 * {@link #contradicts()} the requested count (a "1 thread" NumPy figure taken on 2 BLAS threads)
 * is refused.
 *
 * @param requested the case's thread count
 * @param blas the largest BLAS pool, or null when no BLAS pool could be read
 * @param openmp the largest OpenMP pool, or null
 * @param torch PyTorch's intra-op threads when the case uses PyTorch, else null
 * @param how how the pools were read ({@code threadpoolctl}, {@code ctypes}), or null
 * @param verified whether the BLAS pool was read and every count read equals {@code requested}
 */
public record ThreadCheck(int requested, Integer blas, Integer openmp, Integer torch, String how, boolean verified) {
    /** The check in a reply of the reference ({@code thread_check()}); null when the node is missing. */
    static ThreadCheck parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return new ThreadCheck(n.path("requested").asInt(-1), count(n.path("blas")), count(n.path("openmp")),
                count(n.path("torch")), n.path("how").isTextual() ? n.path("how").asText() : null,
                n.path("verified").asBoolean(false));
    }

    private static Integer count(JsonNode n) {
        return n.isIntegralNumber() ? n.asInt() : null;
    }

    /** Whether a count that was read differs from the requested one. */
    public boolean contradicts() {
        return !wrong().isEmpty();
    }

    /** The counts that differ from the requested one, e.g. {@code "2 BLAS threads"}. */
    private List<String> wrong() {
        List<String> out = new ArrayList<>();
        if (blas != null && blas != requested) {
            out.add(blas + " BLAS threads");
        }
        if (openmp != null && openmp != requested) {
            out.add(openmp + " OpenMP threads");
        }
        if (torch != null && torch != requested) {
            out.add(torch + " PyTorch threads");
        }
        return out;
    }

    /**
     * What is wrong with a reference figure measured under {@code check} for a case of
     * {@code requested} threads, or null when nothing is: it ran on other thread counts (then the
     * figure is refused), or its thread count could not be verified (then it is marked).
     */
    public static String problem(ThreadCheck check, int requested) {
        if (check == null) {
            return "the reference did not report its thread counts";
        }
        if (check.contradicts()) {
            return "the reference ran with " + String.join(", ", check.wrong()) + " for a " + requested + "-thread case";
        }
        if (!check.verified()) {
            return "the reference's BLAS thread count could not be read back (no threadpoolctl, no known BLAS)";
        }
        return null;
    }
}
