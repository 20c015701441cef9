package io.cambium.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.Model;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.spark.data.Columns;
import io.cambium.tensor.Tensor;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SparkTrainer on two real executor JVMs ({@code local-cluster[2,1,1024]}): 50 synchronous
 * steps equal single-process training, and a run whose executor is killed (by PID) mid-epoch
 * ends with the same step count and weights as the uninterrupted run.
 */
class LocalClusterTest {
    private static final int ROWS = 320;
    private static final int BATCH = 32;
    private static SparkSession spark;
    private static Tensor[] data;
    private static Dataset<Row> frame;

    @BeforeAll
    static void start() throws InterruptedException {
        spark = LocalCluster.start(2, 1024);
        long deadline = System.currentTimeMillis() + 120_000;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        data = Fixtures.blobs(ROWS, 11);
        frame = Fixtures.frame(spark, data[0], data[1], 2);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkFitConfig config() {
        return SparkFitConfig.of(Columns.of("features", "label")).batchSize(BATCH).epochs(5).seed(5)
                .verbose(FitConfig.QUIET);
    }

    /** Executor id -> PID of the executor JVMs, found by running tiny tasks on them. */
    private static Map<String, Long> executorPids() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Long> pids = new TreeMap<>();
        for (String s : jsc.parallelize(IntStream.range(0, 40).boxed().toList(), 40)
                .map(i -> SparkEnv.get().executorId() + "=" + ProcessHandle.current().pid()).distinct().collect()) {
            String[] kv = s.split("=");
            pids.put(kv[0], Long.parseLong(kv[1]));
        }
        return pids;
    }

    @Test
    void fiftyStepsOnTwoExecutorsEqualSingleProcessAndSurviveAKilledExecutor() {
        Map<String, Long> pids = executorPids();
        assertThat(pids).hasSize(2);
        assertThat(pids.values()).doesNotContain(ProcessHandle.current().pid());

        SparkFitConfig cfg = config();
        Model distributed = Fixtures.mlp(3, new Adam(1e-2));
        SparkTrainer.fit(distributed, frame, cfg);
        Model local = Fixtures.mlp(3, new Adam(1e-2));
        Fixtures.trainLocally(local, data[0], data[1], BATCH, 5, true, 5);
        assertThat(distributed.optimizer().iterations()).isEqualTo(50);
        double rel = Fixtures.relativeDifference(distributed, local);
        System.out.println("local-cluster[2,1,1024], 50 Adam steps: largest relative weight difference to one process "
                + rel);
        assertThat(rel).isLessThan(1e-5);
        assertThat(cfg.stats().executors()).isEqualTo(2);
        assertThat(cfg.stats().resultBytesPerStep()).isGreaterThan(4.0 * (8 * 16 + 16 + 16 * 3 + 3));
        System.out.println("local-cluster[2,1,1024] synchronous: " + cfg.stats());

        // The same run, with executor 0's JVM killed while step 13 (of epoch 2) runs.
        long victim = pids.values().iterator().next();
        Model killed = Fixtures.mlp(3, new Adam(1e-2));
        SparkTrainer.fit(killed, frame, config().callbacks(new KillAt(12, victim)));
        assertThat(ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(killed.optimizer().iterations()).isEqualTo(50);
        assertThat(Fixtures.relativeDifference(killed, distributed)).isEqualTo(0.0);
    }

    /** Kills a process (SIGKILL) 20 ms after the given step begins, while its tasks run. */
    static final class KillAt extends Callback {
        private final int step;
        private final long pid;
        private int seen;

        KillAt(int step, long pid) {
            this.step = step;
            this.pid = pid;
        }

        @Override
        public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
            if (seen++ == step) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                });
                t.setDaemon(true);
                t.start();
            }
        }
    }

}
