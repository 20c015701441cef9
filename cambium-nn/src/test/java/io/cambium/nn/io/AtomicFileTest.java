package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving over existing files: permissions, symbolic links, leftovers of killed writers. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static void write(Path p, String text) throws IOException {
        AtomicFile.write(p, ch -> ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void savingOverAFileKeepsItsPermissionsAndANewFileGetsTheUsualOnes() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path p = dir.resolve("model.cambium");
        write(p, "one");
        Path plain = Files.createFile(dir.resolve("plain"));
        // A new file: the umask's permissions, like any file the user creates (not 0600).
        assertThat(Files.getPosixFilePermissions(p)).isEqualTo(Files.getPosixFilePermissions(plain));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
        write(p, "two");
        assertThat(Files.readString(p)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-rw-r--");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r-----"));
        SafeTensors.write(p, Map.of("x", Tensor.ones(2)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("r--r-----");
    }

    @Test
    void savingThroughASymbolicLinkWritesItsTarget() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("model.cambium");
        write(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.cambium"), Path.of("real", "model.cambium"));
        write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        // A link to a link, and a dangling link (its target is created).
        Path link2 = Files.createSymbolicLink(dir.resolve("alias.cambium"), link.getFileName());
        write(link2, "newer");
        assertThat(Files.readString(real)).isEqualTo("newer");
        Path dangling = Files.createSymbolicLink(dir.resolve("next.cambium"), dir.resolve("real/next.cambium"));
        write(dangling, "first");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(dir.resolve("real/next.cambium"))).isEqualTo("first");
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        assertThatThrownBy(() -> write(loop, "x")).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void staleTemporariesOfTheSameTargetAreRemovedByTheNextSave() throws IOException {
        Path p = dir.resolve("m.cambium");
        Path stale = Files.writeString(dir.resolve(".m.cambium.4811371.tmp"), "half a model");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path young = Files.writeString(dir.resolve(".m.cambium.977.tmp"), "being written right now");
        Path locked = Files.writeString(dir.resolve(".m.cambium.31337.tmp"), "held by a writer");
        Files.setLastModifiedTime(locked, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path otherTarget = Files.writeString(dir.resolve(".n.cambium.12.tmp"), "another file's");
        Files.setLastModifiedTime(otherTarget, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path notOurs = Files.writeString(dir.resolve(".m.cambium.notes.tmp"), "a user's file");
        Files.setLastModifiedTime(notOurs, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        try (FileChannel ch = FileChannel.open(locked, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            write(p, "saved");
            assertThat(lock.isValid()).isTrue();
        }
        assertThat(Files.readString(p)).isEqualTo("saved");
        assertThat(stale).doesNotExist();
        assertThat(young).exists();
        assertThat(locked).exists();
        assertThat(otherTarget).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path p = dir.resolve("m.cambium");
        write(p, "good");
        assertThatThrownBy(() -> AtomicFile.write(p, ch -> {
            ch.write(ByteBuffer.wrap("partial".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(Files.readString(p)).isEqualTo("good");
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void unwritableDestinationsAreReportedWithTheReasonBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> AtomicFile.checkWritable(file.resolve("model.cambium")))
                .hasMessageContaining("file.txt").hasMessageContaining("not a directory");
        Path d = Files.createDirectory(dir.resolve("out"));
        assertThatThrownBy(() -> AtomicFile.checkWritable(d)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> write(d, "x")).hasMessageContaining("is a directory");
        AtomicFile.checkWritable(dir.resolve("new/sub/model.cambium"));
        assertThat(dir.resolve("new/sub")).isDirectory();
        try (Stream<Path> s = Files.list(dir.resolve("new/sub"))) {
            assertThat(s.count()).as("the probe is removed").isZero();
        }
    }
}
