package io.cambium.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code local-cluster[n,1,mb]} Spark session: real executor JVMs launched by in-process
 * workers. Spark's test mode finds the executors' classpath in {@code spark.test.home}: this
 * builds a stub home with {@code jars/} (links to the jars of this JVM's classpath) and the
 * {@code launcher/target/scala-2.13/} folder the launcher reads the Scala version from; class
 * folders go to {@code spark.executor.extraClassPath}.
 */
final class LocalCluster {
    private LocalCluster() {
    }

    static SparkSession start(int executors, int memoryMb) {
        Path home = Path.of("target", "spark-test-home").toAbsolutePath();
        List<String> folders = new ArrayList<>();
        try {
            Path jars = home.resolve("jars");
            Files.createDirectories(jars);
            Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
            for (Path p : classpath()) {
                if (Files.isDirectory(p)) {
                    folders.add(p.toString());
                } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                    Path link = jars.resolve(p.getFileName());
                    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toString());
        String javaOptions = "--add-modules jdk.incubator.vector -Dcambium.vector="
                + System.getProperty("cambium.vector", "true") + " -Dcambium.threads=1";
        return SparkSession.builder().master("local-cluster[" + executors + ",1," + memoryMb + "]")
                .appName("cambium-spark-local-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, folders))
                .config("spark.executor.extraJavaOptions", javaOptions)
                .getOrCreate();
    }

    /** The entries of this JVM's classpath, expanding a manifest-only jar (as surefire uses). */
    private static Set<Path> classpath() throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            out.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            out.add(u.startsWith("file:") ? Path.of(URI.create(u)) : p.getParent().resolve(u));
                        }
                    }
                }
            }
        }
        return out;
    }
}
