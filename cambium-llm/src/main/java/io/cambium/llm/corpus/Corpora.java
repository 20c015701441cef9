package io.cambium.llm.corpus;

import io.cambium.llm.tokenizer.Utf8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real text corpora from Debian packages, found on the machine or, when the package is missing,
 * the small real excerpt shipped with Cambium ({@link Corpus#excerpt()} says which):
 *
 * <ul>
 *   <li>{@link #tang300()}, {@link #song100()}, {@link #classicalPoetry()}: classical Chinese poems of
 *       {@code fortunes-zh} (GPL-3.0+ files; the poems are in the public domain), one poem per
 *       document in the {@link ClassicalPoems} form;
 *   <li>{@link #chineseFortunes()}: fortunes-zh's large {@code chinese} file (Debian documentation,
 *       classics, proverbs), cleaned entries; no excerpt;
 *   <li>{@link #englishFortunes()}: the English fortune files of {@code fortunes} (BSD);
 *   <li>{@link #kingJamesBible()}: the King James Version, one chapter per document, from a
 *       {@code kjv.txt} exported with the {@code bible} program (see {@link KingJamesBible}).
 * </ul>
 *
 * Files are looked for in {@code $CAMBIUM_DATA}, {@code $CAMBIUM_DATA/fortunes},
 * {@code ~/.cambium/datasets}, {@code ~/.cambium/datasets/fortunes} and
 * {@code /usr/share/games/fortunes}, in that order. All fortune files are UTF-8 (the {@code .u8}
 * names of fortunes-zh are links to the same files).
 */
public final class Corpora {
    /** The data files of Debian's {@code fortunes} package read by {@link #englishFortunes()} (ascii-art left out). */
    public static final List<String> ENGLISH_FORTUNE_FILES = List.of("art", "computers", "cookie", "debian",
            "definitions", "disclaimer", "drugs", "education", "ethnic", "food", "fortunes", "goedel", "humorists",
            "kids", "knghtbrd", "law", "linux", "linuxcookie", "literature", "love", "magic", "medicine", "men-women",
            "miscellaneous", "news", "paradoxum", "people", "perl", "pets", "platitudes", "politics", "pratchett",
            "science", "songs-poems", "sports", "startrek", "tao", "translate-me", "wisdom", "work", "zippy");
    /** The name of the exported King James text looked for in the search path. */
    public static final String KJV_FILE = "kjv.txt";

    private static final String RESOURCES = "/io/cambium/llm/corpus/";

    private Corpora() {
    }

    /** The directories searched, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("CAMBIUM_DATA");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
            dirs.add(Path.of(env, "fortunes"));
        }
        Path home = Path.of(System.getProperty("user.home"), ".cambium", "datasets");
        dirs.add(home);
        dirs.add(home.resolve("fortunes"));
        dirs.add(Path.of("/usr/share/games/fortunes"));
        return dirs;
    }

    /** 唐诗三百首 (tang300 of fortunes-zh): about 310 poems. */
    public static Corpus tang300() {
        return poems("tang300", searchPath());
    }

    /** A hundred Song poems (song100 of fortunes-zh). */
    public static Corpus song100() {
        return poems("song100", searchPath());
    }

    /** tang300 followed by song100. */
    public static Corpus classicalPoetry() {
        return tang300().concat(song100());
    }

    /**
     * The poems of fortunes-zh's {@code name} file in the first of {@code dirs} holding it, else
     * of the shipped excerpt.
     */
    public static Corpus poems(String name, List<Path> dirs) {
        if (!name.equals("tang300") && !name.equals("song100")) {
            throw new IllegalArgumentException("unknown poetry file '" + name + "' (known: tang300, song100)");
        }
        Path file = find(dirs, name);
        List<String> entries;
        String source;
        if (file != null) {
            entries = FortuneFile.read(file);
            source = file.toString();
        } else {
            entries = FortuneFile.parse(resource(name + "-excerpt"));
            source = "excerpt shipped with Cambium (" + entries.size() + " entries of fortunes-zh's " + name
                    + "; install fortunes-zh for all)";
        }
        List<String> docs = new ArrayList<>();
        for (Poem p : ClassicalPoems.fromFortuneEntries(entries, source)) {
            docs.add(p.toText());
        }
        return new Corpus(name, docs, source, file == null);
    }

    /**
     * The cleaned entries of fortunes-zh's {@code chinese} file.
     *
     * @throws IllegalArgumentException when fortunes-zh is not installed (no excerpt is shipped)
     */
    public static Corpus chineseFortunes() {
        Path file = find(searchPath(), "chinese");
        if (file == null) {
            throw new IllegalArgumentException("fortunes-zh's 'chinese' file not found in " + searchPath()
                    + " (install the Debian package fortunes-zh)");
        }
        return new Corpus("chinese", FortuneFile.read(file), file.toString(), false);
    }

    /** The English fortunes (one fortune per document). */
    public static Corpus englishFortunes() {
        return englishFortunes(searchPath());
    }

    /** The English fortunes of the first of {@code dirs} holding any of the files, else the shipped excerpt. */
    public static Corpus englishFortunes(List<Path> dirs) {
        for (Path dir : dirs) {
            List<String> docs = new ArrayList<>();
            int files = 0;
            for (String name : ENGLISH_FORTUNE_FILES) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    docs.addAll(FortuneFile.read(f));
                    files++;
                }
            }
            if (files > 0) {
                return new Corpus("fortunes", docs, dir + " (" + files + " fortune files)", false);
            }
        }
        List<String> docs = FortuneFile.parse(resource("fortunes-excerpt"));
        return new Corpus("fortunes", docs, "excerpt shipped with Cambium (the 'fortunes' file of the fortunes"
                + " package; install fortunes for all " + ENGLISH_FORTUNE_FILES.size() + " files)", true);
    }

    /** The King James Version, one chapter per document. */
    public static Corpus kingJamesBible() {
        return kingJamesBible(searchPath());
    }

    /** The King James text exported to {@value #KJV_FILE} in the first of {@code dirs} holding it, else Genesis 1-3. */
    public static Corpus kingJamesBible(List<Path> dirs) {
        Path file = find(dirs, KJV_FILE);
        String text = file != null ? Utf8.readFile(file) : resource("kjv-excerpt.txt");
        String source = file != null ? file.toString()
                : "excerpt shipped with Cambium (Genesis 1-3; export the whole text with"
                        + " 'bible -l10000 gen1:1-rev22:21 > kjv.txt' into a data directory)";
        List<String> docs = new ArrayList<>();
        for (KingJamesBible.Chapter c : KingJamesBible.parse(text, file != null ? file.toString() : "kjv-excerpt.txt")) {
            docs.add(c.toText());
        }
        return new Corpus("kjv", docs, source, file == null);
    }

    private static Path find(List<Path> dirs, String name) {
        for (Path dir : dirs) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    private static String resource(String name) {
        try (InputStream in = Corpora.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the cambium-llm jar");
            }
            return Utf8.decode(in.readAllBytes(), "resource " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("reading resource " + name + ": " + e.getMessage(), e);
        }
    }
}
