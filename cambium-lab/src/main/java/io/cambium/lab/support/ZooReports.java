package io.cambium.lab.support;

import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.nn.callbacks.Callback;
import io.cambium.zoo.experiments.vision.EpochProgress;
import io.cambium.zoo.experiments.vision.ExperimentReport;
import io.cambium.zoo.weights.Pretrained;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lab's form of cambium-zoo's vision experiments: their reports as lab results, the lab's progress as theirs. */
public final class ZooReports {
    private ZooReports() {
    }

    /**
     * Why an experiment that loads the pretrained weights {@code name} cannot run: empty when
     * cambium-zoo's registry has them (the registry lists only weights that were made and checked).
     */
    public static Optional<String> missingWeights(String name) {
        for (Pretrained p : Pretrained.all()) {
            if (p.name().equals(name)) {
                return Optional.empty();
            }
        }
        return Optional.of("needs the pretrained weights '" + name + "', not in cambium-zoo's registry yet");
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

    /** A finding's text as a sentence: a capital first letter and a closing full stop. */
    static String sentence(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
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
                    // seconds as the zoo's texts quote them (one decimal), other measures with four
                    lab.num(t.columns().get(c), t.columns().get(c).contains("second") ? 1 : 4);
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
            b.check(c.claim(), c.holds(), sentence(c.text()));
        }
        for (String o : r.observations()) {
            b.observed(sentence(o));
        }
        return b.build();
    }
}
