package io.cambium.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON reader for configurations from files: duplicate keys (where a later value would
 * silently win), trailing data and nesting deeper than {@value #MAX_DEPTH} levels (which
 * would only serve to exhaust the stack) are errors. Numbers keep their JSON type: integers are
 * {@code Integer}, {@code Long} or {@code BigInteger}, so that {@code 12.9} never reads as 12.
 */
public final class StrictJson {
    /** The deepest nesting accepted (a model nested in a model nests a few levels per layer). */
    public static final int MAX_DEPTH = 200;
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** The shared strict mapper (thread-safe; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
