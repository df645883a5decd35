package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fake is library code: it must not set JVM-wide system properties (issue #15), not even a harmless one. */
class FakeGitLabSystemPropertiesTest {
    static Map<Object, Object> properties() {
        // The JDK itself sets user.timezone the first time anything asks for the default time zone.
        java.util.TimeZone.getDefault();
        return new TreeMap<>(Map.copyOf((Properties) System.getProperties().clone()));
    }

    @Test
    void loadingAndStartingTheFakeSetsNoSystemProperty() throws Exception {
        String saved = System.clearProperty(FakeGitLab.NODELAY_PROPERTY);
        // A fresh class loader initializes the fake's class here, whatever ran before in this JVM.
        URL[] urls = Stream.of(FakeGitLab.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation()).toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Map<Object, Object> before = properties();
            Class<?> fresh = Class.forName(FakeGitLab.class.getName(), true, loader);
            assertThat(fresh).isNotSameAs(FakeGitLab.class);
            try (AutoCloseable fake = (AutoCloseable) fresh.getMethod("selfManaged").invoke(null)) {
                assertThat(fresh.getMethod("baseUrl").invoke(fake)).asString().startsWith("http://127.0.0.1:");
            }
            assertThat(properties()).isEqualTo(before);
        } finally {
            if (saved != null) {
                System.setProperty(FakeGitLab.NODELAY_PROPERTY, saved);
            }
        }
    }
}
