package io.cambium.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A stand-in for {@code reference.py --serve} in tests, so that the protocol is tested without
 * Python. Its one case, {@code fake t=1}, answers each repetition with the wall-clock time in
 * microseconds since the epoch (comparable with the test's own clock, to check the order of the
 * two sides). Behaviours by argument: {@code ok}; {@code die-after-2} (exits after two
 * repetitions); {@code error-on-rep} (answers repetitions with an error); {@code missing-library}
 * (exits with status 3 before its ready line, like the script without PyTorch); {@code env-threads}
 * (its one case is {@code fake t=N} for the {@code --threads N} it was started with, and it reports
 * as its thread counts the values of {@code OPENBLAS_NUM_THREADS} and {@code OMP_NUM_THREADS} in
 * its environment, as the script reads back what its libraries took from theirs); {@code
 * two-blas-threads} (reports 2 BLAS threads whatever it was asked).
 */
public final class FakeReferenceServer {
    private FakeReferenceServer() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("missing-library")) {
            System.err.println("W9: missing library: No module named 'torch'");
            System.exit(3);
        }
        int threads = 1;
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[i + 1]);
            }
        }
        String caseName = "fake t=" + threads;
        System.out.println("{\"ready\": true, \"cases\": [\"" + caseName + "\"], \"libraries\": {\"python\": \"fake\", "
                + "\"blas\": \"fakeblas 1.0\"}}");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int reps = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("\"quit\"")) {
                break;
            } else if (line.contains("\"rep\"")) {
                if (mode.equals("die-after-2") && reps == 2) {
                    System.exit(1);
                }
                if (mode.equals("error-on-rep")) {
                    System.out.println("{\"error\": \"RuntimeError: out of memory\"}");
                } else {
                    Instant now = Instant.now();
                    System.out.println("{\"figure\": " + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1000) + "}");
                }
                reps++;
            } else if (line.contains("\"open\"") && mode.equals("env-threads")) {
                int blas = Integer.parseInt(System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "-1"));
                int omp = Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "-1"));
                boolean verified = blas == threads && omp == threads;
                System.out.println("{\"ok\": true, \"threads\": {\"requested\": " + threads + ", \"blas\": " + blas
                        + ", \"openmp\": " + omp + ", \"torch\": null, \"how\": \"fake\", \"verified\": " + verified + "}}");
            } else if (line.contains("\"open\"") && mode.equals("two-blas-threads")) {
                System.out.println("{\"ok\": true, \"threads\": {\"requested\": " + threads + ", \"blas\": 2, "
                        + "\"openmp\": null, \"torch\": null, \"how\": \"fake\", \"verified\": false}}");
            } else {
                System.out.println("{\"ok\": true}");
            }
            System.out.flush();
        }
        System.out.println("{\"peak_rss_kb\": 4242}");
        System.out.flush();
    }
}
