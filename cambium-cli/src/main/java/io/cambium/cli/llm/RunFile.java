package io.cambium.cli.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.cli.UserError;
import io.cambium.nn.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run.json} of a pretraining output directory: how the data was made, so that
 * {@code cambium pretrain --resume} rebuilds exactly the same tokens. The tokenizer is
 * {@code tokenizer.json} and the checkpoint {@code ckpt.cambium} in the same directory.
 */
public final class RunFile {
    /** The run file's name. */
    public static final String NAME = "run.json";
    /** The tokenizer's file name in a run directory. */
    public static final String TOKENIZER = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFile() {
    }

    /** Writes the data spec atomically. */
    public static void write(Path dir, LmData.Spec spec) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "cambium.pretrain-run");
        m.put("data", spec.toMap());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        AtomicFile.write(dir.resolve(NAME), ch -> ch.write(ByteBuffer.wrap(bytes)));
    }

    /**
     * Reads the data spec of the run in {@code dir}.
     *
     * @throws UserError when there is no readable run file
     */
    @SuppressWarnings("unchecked")
    public static LmData.Spec read(Path dir) {
        Path f = dir.resolve(NAME);
        if (!Files.isRegularFile(f)) {
            throw new UserError("no run to resume in " + dir + " (" + NAME + " is missing)");
        }
        try {
            Map<String, Object> m = JSON.readValue(f.toFile(), Map.class);
            if (!"cambium.pretrain-run".equals(m.get("format")) || !(m.get("data") instanceof Map<?, ?> d)) {
                throw new UserError(f + " is not a pretraining run file");
            }
            return LmData.Spec.fromMap((Map<String, Object>) d);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) {
                throw u;
            }
            throw new UserError("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
