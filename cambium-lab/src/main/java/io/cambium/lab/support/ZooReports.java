package io.cambium.lab.support;

import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.nn.callbacks.Callback;
import io.cambium.zoo.experiments.vision.EpochProgress;
import io.cambium.zoo.experiments.vision.ExperimentReport;
import java.util.List;
import java.util.Map;

/** The lab's form of cambium-zoo's vision experiments: their reports as lab results, the lab's progress as theirs. */
public final class ZooReports {
    private ZooReports() {
    }

    /** The lab progress as the zoo experiments' epoch progress. */
    public static EpochProgress progress(Progress p) {
        return new EpochProgress() {
            @Override
            public void total(int epochs) {
                p.total(Math.max(1, epochs));
            }

            @Override
            public Callback epochs(String label) {
                return p.epochs(label);
            }
        };
    }

    /** A lab result with the report's setup, tables (integers without decimals), PNGs, claims and observations. */
    public static Result result(ExperimentReport r) {
        Result.Builder b = Result.builder().setup(r.setup());
        for (ExperimentReport.Table t : r.tables()) {
            Table lab = new Table(t.title());
            List<Object> first = t.rows().isEmpty() ? null : t.rows().get(0);
            for (int c = 0; c < t.columns().size(); c++) {
                Object cell = first == null ? "" : first.get(c);
                if (cell instanceof Integer || cell instanceof Long) {
                    lab.num(t.columns().get(c), 0);
                } else if (cell instanceof Number) {
                    lab.num(t.columns().get(c), 4);
                } else {
                    lab.text(t.columns().get(c));
                }
            }
            for (List<Object> row : t.rows()) {
                lab.row(row.toArray());
            }
            b.table(lab);
        }
        for (Map.Entry<String, ExperimentReport.Png> e : r.pngs().entrySet()) {
            b.plot(e.getKey(), e.getValue().caption(), e.getValue().png());
        }
        for (ExperimentReport.Claim c : r.claims()) {
            b.check(c.claim(), c.holds(), c.text());
        }
        for (String o : r.observations()) {
            b.observed(o);
        }
        return b.build();
    }
}
