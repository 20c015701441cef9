package io.cambium.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an experiment measured: the setup as run, the tables, the plots and the conclusion
 * (findings computed from the tables' numbers). Built with {@link #builder()}.
 */
public final class Result {
    private final String setup;
    private final List<Table> tables;
    private final List<Plot> plots;
    private final List<Finding> findings;
    private final List<String> notes;

    private Result(Builder b) {
        this.setup = b.setup;
        this.tables = List.copyOf(b.tables);
        this.plots = List.copyOf(b.plots);
        this.findings = List.copyOf(b.findings);
        this.notes = List.copyOf(b.notes);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The setup as run: data, sizes, models, epochs (they differ between quick and full mode). */
    public String setup() {
        return setup;
    }

    /** The measured tables. */
    public List<Table> tables() {
        return tables;
    }

    /** The plots. */
    public List<Plot> plots() {
        return plots;
    }

    /** The conclusion, one finding per sentence. */
    public List<Finding> findings() {
        return findings;
    }

    /** Remarks about the run (data source used, caveats of quick mode). */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** Collects a result. */
    public static final class Builder {
        private String setup = "";
        private final List<Table> tables = new ArrayList<>();
        private final List<Plot> plots = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Set<String> plotNames = new HashSet<>();

        private Builder() {
        }

        /** The setup paragraph. */
        public Builder setup(String text) {
            this.setup = text;
            return this;
        }

        /** Adds a table. */
        public Builder table(Table t) {
            tables.add(t);
            return this;
        }

        /** Adds a PNG plot. */
        public Builder plot(String name, String caption, byte[] png) {
            if (!plotNames.add(name)) {
                throw new IllegalArgumentException("two plots named '" + name + "'");
            }
            plots.add(new Plot(name, caption, png));
            return this;
        }

        /** Adds a finding. */
        public Builder finding(Finding f) {
            findings.add(f);
            return this;
        }

        /** Adds an observation. */
        public Builder observed(String text) {
            return finding(Finding.observed(text));
        }

        /** Adds the test of a textbook claim: {@code holds} is the measured comparison. */
        public Builder check(String claim, boolean holds, String text) {
            return finding(Finding.check(claim, holds, text));
        }

        /** Adds a remark. */
        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        /** The result. */
        public Result build() {
            if (tables.isEmpty()) {
                throw new IllegalStateException("a lab result needs at least one measured table");
            }
            if (findings.isEmpty()) {
                throw new IllegalStateException("a lab result needs a conclusion (at least one finding)");
            }
            return new Result(this);
        }
    }
}
