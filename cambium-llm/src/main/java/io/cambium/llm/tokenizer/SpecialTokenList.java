package io.cambium.llm.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** The special tokens given to a trainer: non-empty, duplicates dropped, order kept. */
final class SpecialTokenList {
    private SpecialTokenList() {
    }

    static List<String> of(String owner, String... tokens) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException(owner + ": a special token must not be empty");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
