package io.cambium.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README and of every module README ({@code *}{@code /README.md},
 * so modules added later are covered) compiles against the project as written (issue 14).
 *
 * <p>The convention, also stated in the root README's "Documentation" section:
 * <ul>
 *   <li>Only blocks fenced as {@code ```java} are compiled; shell sessions and pseudo-code use a
 *       plain {@code ```} fence.</li>
 *   <li>A block is compiled as the body of a method (local classes and records are allowed in it).
 *       A block that starts with {@code import} lines is compiled with exactly those imports, so a
 *       quick start shows all it needs; a block without imports gets every {@code io.cambium}
 *       package of the library modules (not of the CLI and bench applications) and
 *       {@code java.util}, {@code java.util.function}, {@code java.nio.file} and {@code java.io}
 *       imported on demand.</li>
 *   <li>Variables a fragment uses without declaring them are declared in an HTML comment right
 *       above the fence, which readers of the rendered page do not see:
 *       {@code <!-- java-context: Tensor x, Tensor y, Model model -->} (they become the method's
 *       parameters). The comment may start with import declarations, added to the block's imports,
 *       to settle a name two packages share: {@code <!-- java-context: import a.b.Weights; Tensor x -->}.</li>
 *   <li>{@code <!-- java-skip: reason -->} above a fence leaves that block out, with the reason.</li>
 * </ul>
 */
class ReadmeSnippetsTest {
    private static final Pattern CONTEXT = Pattern.compile("<!--\\s*java-context:(.*?)-->", Pattern.DOTALL);
    private static final Pattern SKIP = Pattern.compile("<!--\\s*java-skip:(.*?)-->", Pattern.DOTALL);
    private static final Pattern HIDDEN_IMPORT = Pattern.compile("\\s*(import\\s+[\\w.]+\\s*;)");
    private static final List<String> JDK_IMPORTS = List.of("java.util", "java.util.function", "java.nio.file", "java.io");
    /** Applications, not libraries a snippet programs against: their packages are not imported on demand. */
    private static final List<String> APPLICATIONS = List.of("cambium-cli", "cambium-bench");

    /** One {@code ```java} block: where it is, its lines, and the variables declared for it. */
    record Snippet(Path readme, int firstLine, List<String> lines, String context, String skipReason) {
        String where() {
            Path dir = readme.getParent();
            boolean root = Files.isDirectory(dir.resolve("cambium-nn"));
            return (root ? "" : dir.getFileName() + "/") + readme.getFileName() + ":" + firstLine;
        }
    }

    @Test
    void everyJavaBlockOfEveryReadmeCompiles(@TempDir Path out) throws IOException {
        Path root = reactorRoot();
        List<Path> readmes = new ArrayList<>();
        readmes.add(root.resolve("README.md"));
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("pom.xml")))
                    .sorted().forEach(d -> readmes.add(d.resolve("README.md")));
        }
        List<Snippet> snippets = new ArrayList<>();
        for (Path r : readmes) {
            snippets.addAll(snippets(r));
        }
        assertThat(snippets).as("java blocks found in " + readmes.size() + " READMEs").hasSizeGreaterThan(5);

        String classPath = classPath(root);
        List<String> defaultImports = defaultImports(classPath);
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            Snippet s = snippets.get(i);
            if (s.skipReason() != null) {
                assertThat(s.skipReason().trim()).as(s.where() + ": java-skip needs a reason").isNotEmpty();
            } else {
                sources.add(source(s, "Readme" + i, defaultImports));
            }
        }
        List<String> failures = compile(sources, classPath, out);
        int compiled = sources.size();
        assertThat(failures).as("README java blocks that do not compile (" + compiled + " compiled)").isEmpty();
    }

    @Test
    void aBrokenBlockIsReportedAtItsReadmeLineAndMarkedBlocksAreSkipped(@TempDir Path dir) throws IOException {
        Path readme = dir.resolve("cambium-x").resolve("README.md");
        Files.createDirectories(readme.getParent());
        Files.write(readme, List.of(
                "# cambium-x",
                "<!-- java-context: import java.math.BigInteger;",
                "     int n -->",
                "```java",
                "BigInteger twice = BigInteger.valueOf(n * 2);",
                "String s = twice;",
                "```",
                "<!-- java-skip: pseudo-code -->",
                "```java",
                "this is not java",
                "```"));
        List<Snippet> found = snippets(readme);
        assertThat(found).hasSize(2);
        assertThat(found.get(0).context()).isEqualTo("import java.math.BigInteger; int n");
        assertThat(found.get(1).skipReason()).isEqualTo(" pseudo-code ");
        List<String> failures = compile(List.of(source(found.get(0), "Broken", List.of())), classPath(reactorRoot()), dir);
        assertThat(failures).singleElement().asString()
                .contains("cambium-x/README.md:5 does not compile").contains("line 6: incompatible types");
    }

    /** The {@code ```java} blocks of one README, with the context comment above each. */
    static List<Snippet> snippets(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().toLowerCase(Locale.ROOT).equals("```java")) {
                continue;
            }
            String context = "";
            String skip = null;
            String comment = commentAbove(lines, i);
            if (comment != null) {
                Matcher c = CONTEXT.matcher(comment);
                Matcher k = SKIP.matcher(comment);
                if (c.matches()) {
                    context = c.group(1).trim();
                } else if (k.matches()) {
                    skip = k.group(1);
                }
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).trim().startsWith("```")) {
                end++;
            }
            out.add(new Snippet(readme, i + 2, lines.subList(i + 1, end), context, skip));
            i = end;
        }
        return out;
    }

    /** The HTML comment (possibly over several lines) just above line {@code fence}, joined, or {@code null}. */
    private static String commentAbove(List<String> lines, int fence) {
        int j = fence - 1;
        while (j >= 0 && lines.get(j).isBlank()) {
            j--;
        }
        if (j < 0 || !lines.get(j).trim().endsWith("-->")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int k = j; k >= 0 && k > j - 10; k--) {
            b.insert(0, lines.get(k).trim() + " ");
            if (lines.get(k).contains("<!--")) {
                return b.toString().trim();
            }
        }
        return null;
    }

    /** A snippet as a Java compilation unit, with the README line of each source line (-1: added). */
    record Source(Snippet snippet, String className, List<String> lines, List<Integer> readmeLines) {
        JavaFileObject file() {
            return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return String.join("\n", lines);
                }
            };
        }
    }

    /** The compilation unit of one snippet: its imports (or the default ones), then its lines as a method body. */
    static Source source(Snippet s, String className, List<String> defaultImports) {
        List<String> src = new ArrayList<>();
        List<Integer> readmeLine = new ArrayList<>();
        int bodyStart = 0;
        boolean hasImports = false;
        for (; bodyStart < s.lines().size(); bodyStart++) {
            String l = s.lines().get(bodyStart).trim();
            if (l.startsWith("import ")) {
                hasImports = true;
                src.add(l);
                readmeLine.add(s.firstLine() + bodyStart);
            } else if (!l.isEmpty() && !l.startsWith("//")) {
                break;
            }
        }
        if (!hasImports) {
            for (String p : defaultImports) {
                src.add("import " + p + ".*;");
                readmeLine.add(-1);
            }
        }
        String params = s.context();
        Matcher imp = HIDDEN_IMPORT.matcher(params);
        while (imp.lookingAt()) {
            src.add(imp.group(1).trim());
            readmeLine.add(-1);
            params = params.substring(imp.end());
            imp = HIDDEN_IMPORT.matcher(params);
        }
        src.add("class " + className + " { void snippet(" + params.trim() + ") throws Exception {");
        readmeLine.add(-1);
        for (int i = bodyStart; i < s.lines().size(); i++) {
            src.add(s.lines().get(i));
            readmeLine.add(s.firstLine() + i);
        }
        src.add("}}");
        readmeLine.add(-1);
        return new Source(s, className, src, readmeLine);
    }

    /**
     * Compiles the sources in one javac run (one start-up for all READMEs); returns one message per
     * snippet that does not compile, its errors at their README lines.
     */
    static List<String> compile(List<Source> sources, String classPath, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> files = new ArrayList<>();
        for (Source src : sources) {
            files.add(src.file());
        }
        try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-cp", classPath, "-proc:none", "-nowarn",
                    "-Xmaxerrs", "10000", "--add-modules", "jdk.incubator.vector");
            if (javac.getTask(new StringWriter(), manager, diagnostics, options, null, files).call()) {
                return List.of();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> failures = new ArrayList<>();
        for (Source src : sources) {
            StringBuilder b = new StringBuilder(src.snippet().where() + " does not compile:");
            int errors = 0;
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR || d.getSource() == null
                        || !d.getSource().getName().endsWith("/" + src.className() + ".java")) {
                    continue;
                }
                int line = (int) d.getLineNumber() - 1;
                int at = line >= 0 && line < src.readmeLines().size() ? src.readmeLines().get(line) : -1;
                b.append("\n  ").append(at > 0 ? "line " + at : "(wrapper)").append(": ")
                        .append(d.getMessage(Locale.ROOT).replace('\n', ' '));
                errors++;
            }
            if (errors > 0) {
                failures.add(b.toString());
            }
        }
        if (failures.isEmpty()) {
            failures.add("javac failed without an error in a snippet: " + diagnostics.getDiagnostics());
        }
        return failures;
    }

    /** The directory with the root pom.xml (tests run in the module's directory). */
    private static Path reactorRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("README.md"))
                && Files.isDirectory(p.resolve("cambium-nn")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("ReadmeSnippetsTest: cannot find the reactor root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * This module's test class path (every library module is a dependency of the CLI), plus the
     * classes of any module built in the reactor that is not a dependency yet.
     */
    private static String classPath(Path root) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>(List.of(cp.split(File.pathSeparator)));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                Path classes = d.resolve("target").resolve("classes");
                if (Files.isDirectory(classes) && entries.stream().noneMatch(e -> e.contains(d.getFileName().toString()))) {
                    entries.add(classes.toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Every package under io.cambium in the main classes of the class path, and a few JDK packages. */
    private static List<String> defaultImports(String classPath) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (e.contains("test-classes") || e.endsWith("-tests.jar") || APPLICATIONS.stream().anyMatch(e::contains)) {
                continue;
            }
            Path p = Path.of(e);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                        String rel = p.relativize(f.getParent()).toString().replace(File.separatorChar, '.');
                        if (rel.startsWith("io.cambium")) {
                            packages.add(rel);
                        }
                    });
                }
            } else if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                        String n = en.nextElement().getName();
                        if (n.startsWith("io/cambium/") && n.endsWith(".class")) {
                            packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.'));
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(packages);
        out.addAll(JDK_IMPORTS);
        return out;
    }
}
