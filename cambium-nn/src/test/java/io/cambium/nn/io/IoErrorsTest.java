package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reason of an I/O error in words: Java's file-system exceptions often carry only the path,
 * which gave "cannot read model file X: X" (and a binary file gave "Input length = 1").
 */
class IoErrorsTest {
    @Test
    void reasonsAreWordsNotPaths() {
        assertThat(IoErrors.reason(new AccessDeniedException("/m/model.cambium"))).isEqualTo("permission denied");
        assertThat(IoErrors.reason(new NoSuchFileException("/m/model.cambium"))).isEqualTo("no such file or directory");
        assertThat(IoErrors.reason(new MalformedInputException(1))).isEqualTo("not UTF-8 text (a binary file?)");
        assertThat(IoErrors.reason(new FileSystemException("/m", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(IoErrors.reason(new IOException("disk \u001b[31mfull"))).isEqualTo("disk \\u001b[31mfull");
        Path target = Path.of("/m/out/model.cambium");
        assertThat(IoErrors.reason(target, new FileSystemException("/m/out", null, "exists and is not a directory")))
                .isEqualTo("/m/out: exists and is not a directory");
        IOException withPath = IoErrors.withPath(target, new AccessDeniedException("x"));
        assertThat(withPath).isInstanceOf(AccessDeniedException.class);
        assertThat(withPath.getMessage()).isEqualTo("/m/out/model.cambium: permission denied");
    }
}
