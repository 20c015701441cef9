package io.cambium.board.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard knows about one run: its metrics per epoch and per step, learning rate,
 * per-layer gradient norms, the latest confusion matrix, the model summary and hyperparameters.
 * Mutated only under the server's lock; rendered to JSON for the page.
 */
final class RunRecord {
    /** Steps kept per run; past it every other step is dropped, so long runs stay light for the page. */
    static final int MAX_STEPS = 20_000;

    final String id;
    final String name;
    String status = "running";
    String message = "";
    String summary = "";
    Map<String, Object> hparams = new LinkedHashMap<>();
    final List<Map<String, Object>> epochs = new ArrayList<>();
    final List<Map<String, Object>> steps = new ArrayList<>();
    final List<Map<String, Object>> gradients = new ArrayList<>();
    Map<String, Object> confusion;
    int stepStride = 1;

    RunRecord(String id, String name) {
        this.id = id;
        this.name = name;
    }

    void addStep(Map<String, Object> step) {
        steps.add(step);
        if (steps.size() > MAX_STEPS) {
            List<Map<String, Object>> kept = new ArrayList<>();
            for (int i = 0; i < steps.size(); i += 2) {
                kept.add(steps.get(i));
            }
            steps.clear();
            steps.addAll(kept);
            stepStride *= 2;
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("status", status);
        m.put("message", message);
        m.put("summary", summary);
        m.put("hparams", hparams);
        m.put("epochs", epochs);
        m.put("steps", steps);
        m.put("gradients", gradients);
        m.put("confusion", confusion);
        return m;
    }
}
