import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Before/after comparison of two builds of Cambium in one JVM: each jar gets its own class loader
 * (its own statics, kernels and thread pool), both set up and warm up the same bench workload,
 * then their timed repetitions alternate (A B, B A, ...), so both see the same moments of a busy
 * machine. Prints, per case and side, the median work per wall second and per CPU second of the
 * process (CPU time is less sensitive than wall time to other load; the other side is idle
 * while one runs).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector tools/bench/JarAb.java BEFORE.jar AFTER.jar \
 *     [--workloads W5,W6] [--rounds 10] [--w5-steps 20]
 * </pre>
 *
 * The jars are the CLI's shaded {@code cambium-cli/target/cambium.jar} of each build.
 */
public final class JarAb {
    private JarAb() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: JarAb BEFORE.jar AFTER.jar [--workloads W5,W6] [--rounds 10]");
            System.exit(2);
        }
        String[] workloads = {"W5", "W6"};
        int rounds = 10;
        int w5Steps = 20;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--workloads" -> workloads = args[++i].split(",");
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--w5-steps" -> w5Steps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String[] names = {"before", "after"};
        ClassLoader[] loaders = new ClassLoader[2];
        for (int s = 0; s < 2; s++) {
            loaders[s] = new URLClassLoader(new URL[] {Path.of(args[s]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }
        System.out.printf(Locale.ROOT, "before %s%nafter  %s%n%d rounds, load %s%n", args[0], args[1], rounds, load());
        for (String w : workloads) {
            List<List<Object>> cases = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                cases.add(cases(loaders[s], w, w5Steps));
            }
            int n = cases.get(0).size();
            for (int c = 0; c < n; c++) {
                Object[] k = {cases.get(0).get(c), cases.get(1).get(c)};
                String name = (String) call(k[0], "name");
                String unit = (String) call(k[0], "unit");
                for (int s = 0; s < 2; s++) {
                    call(k[s], "setUp");
                    call(k[s], "warmUp");
                }
                List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
                List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
                for (int r = 0; r < rounds; r++) {
                    for (int o = 0; o < 2; o++) {
                        int s = (r % 2 == 0) ? o : 1 - o;
                        Thread.sleep(200);
                        long t0 = System.nanoTime();
                        long c0 = cpuNanos();
                        double work = (Double) call(k[s], "repetition");
                        double ws = (System.nanoTime() - t0) / 1e9;
                        double cs = (cpuNanos() - c0) / 1e9;
                        wall.get(s).add(work / ws);
                        cpu.get(s).add(work / cs);
                    }
                }
                for (int s = 0; s < 2; s++) {
                    call(k[s], "tearDown");
                }
                double wb = median(wall.get(0));
                double wa = median(wall.get(1));
                double cb = median(cpu.get(0));
                double ca = median(cpu.get(1));
                System.out.printf(Locale.ROOT, "%s %-14s %s: %s %,.1f / CPU %,.1f; %s %,.1f / CPU %,.1f; after/before %.3f (wall), "
                        + "%.3f (CPU); load %s%n", w, name, unit, names[0], wb, cb, names[1], wa, ca, wa / wb, ca / cb, load());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cases(ClassLoader loader, String workload, int w5Steps) throws Exception {
        Object w = switch (workload) {
            // W5 with its usual 3 warm-up steps and w5Steps timed steps per repetition.
            case "W5" -> Class.forName("io.cambium.bench.GptTrainWorkload", true, loader)
                    .getConstructor(int.class, int.class, int.class).newInstance(2, 3, w5Steps);
            case "W6" -> Class.forName("io.cambium.bench.GptGenerateWorkload", true, loader)
                    .getConstructor(int.class).newInstance(2);
            default -> throw new IllegalArgumentException("JarAb knows W5 and W6, got " + workload);
        };
        Method m = w.getClass().getMethod("cases");
        m.setAccessible(true);
        return new ArrayList<>((List<Object>) m.invoke(w));
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
