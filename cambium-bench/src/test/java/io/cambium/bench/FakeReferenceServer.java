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
 * (exits with status 3 before its ready line, like the script without PyTorch).
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
        System.out.println("{\"ready\": true, \"cases\": [\"fake t=1\"]}");
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
            } else {
                System.out.println("{\"ok\": true}");
            }
            System.out.flush();
        }
        System.out.println("{\"peak_rss_kb\": 4242}");
        System.out.flush();
    }
}
