package io.scimlab.verify.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.config.Options;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary-compatibility check, with the options the root pom gives japicmp-maven-plugin, catches a published class
 * that goes away, against the committed baseline of scim-core. (The plug-in itself fails {@code mvn verify} on the
 * same finding: README "Build checks".)
 */
class ApiCheckTest {
    private static final String REMOVED = "io/scimlab/core/server/ScimResponse.class";

    @TempDir
    Path dir;

    @Test
    void aPublishedClassRemovedFromTheBaselineIsAnIncompatibility() throws IOException {
        Path baseline = baseline("scim-core");
        Path changed = withoutEntry(baseline, REMOVED);

        assertThat(incompatible(baseline, changed)).containsExactly("io.scimlab.core.server.ScimResponse");
    }

    @Test
    void theBaselineAgainstItselfIsCompatible() throws IOException {
        Path baseline = baseline("scim-core");

        assertThat(incompatible(baseline, baseline)).isEmpty();
    }

    /** The classes with a binary- or source-incompatible change, with the build's options (root pom, japicmp). */
    private static List<String> incompatible(Path old, Path now) {
        Options options = Options.newDefault();
        options.setAccessModifier(AccessModifier.PROTECTED);
        options.setIgnoreMissingClasses(true);
        options.addExcludeFromArgument(Optional.of("io.scimlab.core.internal"), false);
        JarArchiveComparator comparator = new JarArchiveComparator(JarArchiveComparatorOptions.of(options));
        List<JApiClass> classes = comparator.compare(new JApiCmpArchive(old.toFile(), "baseline"),
                new JApiCmpArchive(now.toFile(), "changed"));
        return classes.stream().filter(c -> !c.isBinaryCompatible() || !c.isSourceCompatible())
                .map(JApiClass::getFullyQualifiedName).toList();
    }

    private static Path baseline(String artifactId) {
        Path jar = Path.of(System.getProperty("scimlab.root"), "api-baseline", artifactId + ".jar");
        assertThat(jar).as("the committed baseline").isRegularFile();
        return jar;
    }

    /** A copy of the jar without one entry. */
    private Path withoutEntry(Path jar, String entry) throws IOException {
        Path copy = dir.resolve("changed.jar");
        boolean removed = false;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                OutputStream file = Files.newOutputStream(copy);
                JarOutputStream out = in.getManifest() == null ? new JarOutputStream(file)
                        : new JarOutputStream(file, in.getManifest())) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().equals(entry)) {
                    removed = true;
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        assertThat(removed).as("the baseline holds " + entry).isTrue();
        return copy;
    }
}
