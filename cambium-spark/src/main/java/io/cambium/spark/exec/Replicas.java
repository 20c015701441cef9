package io.cambium.spark.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The replicas an executor JVM keeps between tasks, so that a step costs a weight copy rather
 * than a model rebuild; one per concurrently running task, for the few most recent runs.
 */
final class Replicas {
    private static final int MAX_RUNS = 4;
    private static final Map<String, ConcurrentLinkedDeque<Replica>> POOL = new ConcurrentHashMap<>();

    private Replicas() {
    }

    static Replica borrow(ModelSpec spec) {
        ConcurrentLinkedDeque<Replica> q = POOL.get(spec.id());
        if (q == null) {
            if (POOL.size() >= MAX_RUNS) {
                POOL.clear();
            }
            q = POOL.computeIfAbsent(spec.id(), k -> new ConcurrentLinkedDeque<>());
        }
        Replica r = q.poll();
        return r != null ? r : spec.build();
    }

    static void giveBack(ModelSpec spec, Replica r) {
        ConcurrentLinkedDeque<Replica> q = POOL.get(spec.id());
        if (q != null) {
            q.push(r);
        }
    }
}
