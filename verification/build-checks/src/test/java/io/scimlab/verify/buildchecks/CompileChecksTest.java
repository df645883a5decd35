package io.scimlab.verify.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's compiler checks fail on a deliberate violation. Each test runs javac (the JDK the build compiles with)
 * as the build does: the same Error Prone and NullAway flags, lint categories and -Werror, handed over by the pom,
 * and the same javac flags from {@code .mvn/jvm.config}. Each failing source has a twin that compiles, so a failure
 * is the check's, not the set-up's.
 */
class CompileChecksTest {
    private static final String NULL_MARKED_PACKAGE = "@org.jspecify.annotations.NullMarked\npackage demo;\n";

    @TempDir
    Path dir;

    @Test
    void nullAwayRejectsANullDereferenceInANullMarkedPackage() throws Exception {
        Result r = compile(Map.of("demo/package-info.java", NULL_MARKED_PACKAGE, "demo/Names.java", """
                package demo;

                import org.jspecify.annotations.Nullable;

                final class Names {
                    static int length(@Nullable String name) {
                        return name.length();
                    }
                }
                """));

        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("[NullAway] dereferenced expression 'name' is @Nullable");
    }

    @Test
    void nullAwayRejectsNullReturnedWhereTheSignatureSaysNonNull() throws Exception {
        Result r = compile(Map.of("demo/package-info.java", NULL_MARKED_PACKAGE, "demo/Names.java", """
                package demo;

                final class Names {
                    static String first(String... names) {
                        return names.length == 0 ? null : names[0];
                    }
                }
                """));

        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("[NullAway] returning @Nullable expression from method with @NonNull return type");
    }

    @Test
    void theSameCodeWithItsNullCheckCompiles() throws Exception {
        Result r = compile(Map.of("demo/package-info.java", NULL_MARKED_PACKAGE, "demo/Names.java", """
                package demo;

                import org.jspecify.annotations.Nullable;

                final class Names {
                    static int length(@Nullable String name) {
                        return name == null ? 0 : name.length();
                    }

                    static @Nullable String first(String... names) {
                        return names.length == 0 ? null : names[0];
                    }
                }
                """));

        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aJavacLintWarningFailsTheBuild() throws Exception {
        Result r = compile(Map.of("demo/Raw.java", """
                package demo;

                import java.util.ArrayList;
                import java.util.List;

                final class Raw {
                    @SuppressWarnings("unused")
                    private final List names = new ArrayList<String>();
                }
                """));

        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("[rawtypes]").contains("warnings found and -Werror specified");
    }

    @Test
    void anErrorProneWarningFailsTheBuild() throws Exception {
        Result r = compile(Map.of("demo/Precedence.java", """
                package demo;

                final class Precedence {
                    static boolean either(boolean a, boolean b, boolean c) {
                        return a && b || c;
                    }
                }
                """));

        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("[OperatorPrecedence]").contains("warnings found and -Werror specified");
    }

    private record Result(int exitCode, String output) {}

    /** Compiles the sources (relative path to text) with the build's javac flags; the exit code and all output. */
    private Result compile(Map<String, String> sources) throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(property("scimlab.javac.home"), "bin", "javac").toString());
        // Error Prone reaches into javac's internals: the same exports and opens as the build's JVM.
        for (String line : Files.readAllLines(Path.of(property("scimlab.root"), ".mvn", "jvm.config"))) {
            if (!line.isBlank()) {
                command.add("-J" + line.strip());
            }
        }
        // The test's class path (Error Prone, NullAway, JSpecify), less entries that do not exist (this module has no
        // main classes), which -Xlint:path would warn about.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator, -1))
                .filter(entry -> Files.exists(Path.of(entry))).collect(Collectors.joining(File.pathSeparator));
        // -Xlint:-path: jars of this module's test class path name others in their manifests that Maven does not
        // fetch (JAXB's, through japicmp); the build's own modules have none.
        command.addAll(List.of("--release", "17", property("scimlab.xlint"), "-Xlint:-path", "-Werror",
                "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
                "-processorpath", classPath, "-classpath", classPath, "-d", out.toString(),
                "-Xplugin:ErrorProne " + property("scimlab.errorprone.args") + " "
                        + property("scimlab.nullaway.args")));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            command.add(file.toString());
        }
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor(2, TimeUnit.MINUTES)).as("javac finished").isTrue();
        return new Result(javac.exitValue(), output);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the pom)", name).isNotBlank();
        return value;
    }
}
