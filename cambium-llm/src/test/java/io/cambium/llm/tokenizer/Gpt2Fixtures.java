package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The GPT-2 parity fixtures written by tools/fixtures/tokenizer/gen_gpt2_fixtures.js (npm gpt-3-encoder). */
final class Gpt2Fixtures {
    record Line(String kind, String text, List<String> pre, int[] ids) {
    }

    private static List<Line> lines;

    private Gpt2Fixtures() {
    }

    static synchronized List<Line> lines() {
        if (lines == null) {
            ObjectMapper json = new ObjectMapper();
            List<Line> out = new ArrayList<>();
            try (var in = Gpt2Fixtures.class.getResourceAsStream("gpt2-fixtures.jsonl");
                 var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    JsonNode n = json.readTree(l);
                    List<String> pre = new ArrayList<>();
                    n.get("pre").forEach(p -> pre.add(p.textValue()));
                    int[] ids = new int[n.get("ids").size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = n.get("ids").get(i).intValue();
                    }
                    out.add(new Line(n.get("kind").textValue(), n.get("text").textValue(), pre, ids));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lines = out;
        }
        return lines;
    }
}
