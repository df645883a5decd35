package io.scimlab.verify.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ```java block of README.md is compiled code: its lines (ignoring indentation and blank lines) appear, in
 * order and together, in a Java source file under some module's {@code src/main/java} or {@code src/test/java},
 * which the build compiles. A snippet that drifts from the API, or a new one nobody compiles, fails here with its
 * README line. Most live in {@link ReadmeSnippets}; a module may keep its own (for example a framework's).
 */
class ReadmeSnippetsTest {
    static final Path ROOT = Path.of(System.getProperty("scimlab.root", "../..")).toAbsolutePath().normalize();

    /** A fenced block: where it starts in README.md and its lines. */
    record Snippet(int line, List<String> lines) {}

    @Test
    void everyJavaSnippetOfTheReadmeIsInACompiledSourceFile() throws IOException {
        List<Snippet> snippets = javaSnippets(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(snippets).as("README.md's java blocks").hasSizeGreaterThanOrEqualTo(5);
        List<List<String>> sources = sources();
        List<String> missing = new ArrayList<>();
        for (Snippet snippet : snippets) {
            if (sources.stream().noneMatch(source -> contains(source, snippet.lines()))) {
                missing.add("README.md:" + snippet.line() + ": " + snippet.lines().get(0));
            }
        }
        assertThat(missing).as("README java snippets found in no compiled source (copy each into a test source, "
                + "e.g. verification/compat's ReadmeSnippets)").isEmpty();
    }

    @Test
    void theMatcherNeedsTheWholeSnippetInOrder() {
        List<String> source = normalized(List.of("class A {", "    void f() {", "        int a = 1;", "",
                "        int b = 2;", "    }", "}"));
        assertThat(contains(source, normalized(List.of("int a = 1;", "int b = 2;")))).isTrue();
        assertThat(contains(source, normalized(List.of("int b = 2;", "int a = 1;")))).isFalse();
        assertThat(contains(source, normalized(List.of("int a = 1;", "int c = 3;")))).isFalse();
    }

    static List<Snippet> javaSnippets(List<String> readme) {
        List<Snippet> snippets = new ArrayList<>();
        List<String> current = null;
        int start = 0;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i).strip();
            if (current == null && line.equals("```java")) {
                current = new ArrayList<>();
                start = i + 1;
            } else if (current != null && line.startsWith("```")) {
                snippets.add(new Snippet(start, normalized(current)));
                current = null;
            } else if (current != null) {
                current.add(readme.get(i));
            }
        }
        return snippets;
    }

    static List<List<String>> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String path = ROOT.relativize(p).toString().replace('\\', '/');
                        return (path.contains("/src/main/java/") || path.contains("/src/test/java/"))
                                && !path.contains("/target/") && !path.startsWith(".");
                    })
                    .map(p -> {
                        try {
                            return normalized(Files.readAllLines(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    static boolean contains(List<String> source, List<String> snippet) {
        return !snippet.isEmpty() && java.util.Collections.indexOfSubList(source, snippet) >= 0;
    }
}
