package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents that quote the bench's peers and measurements name the shared bench folder by a
 * path relative to the checkout, never by a path of one machine.
 */
class DocumentationPathsTest {
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])/(work|root|home)/[\\w.-]+");

    @Test
    void noMarkdownFileOfTheProjectNamesAMachinePath() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("cambium-bench")),
                "not run from a checkout of the project");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !root.relativize(p).toString().contains("target"))
                    .filter(p -> !root.relativize(p).startsWith(".git")).toList()) {
                String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = MACHINE_PATH.matcher(lines[i]);
                    if (m.find()) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
