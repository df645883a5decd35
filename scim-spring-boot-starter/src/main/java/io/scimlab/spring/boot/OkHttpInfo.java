package io.scimlab.spring.boot;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Which OkHttp the GitLab client runs on. An application may declare OkHttp 4 ({@code okhttp}) beside ScimLab's
 * OkHttp 5 ({@code okhttp-jvm}): the class path then holds both jars and the first one wins class by class. ScimLab
 * is tested on both, but two copies are a trap for the application's own code, so the starter says so once.
 */
final class OkHttpInfo {
    private OkHttpInfo() {
    }

    /**
     * The version of the OkHttp classes in use, read at run time ({@code OkHttp.VERSION} is a compile-time constant
     * that the compiler would otherwise copy from the jar it compiled against).
     */
    static String version() {
        try {
            Object v = Class.forName("okhttp3.OkHttp", true, OkHttpClient.class.getClassLoader())
                    .getField("VERSION").get(null);
            return String.valueOf(v);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /** The jars that hold {@code okhttp3.OkHttpClient}, in class path order (the first one is in use). */
    static List<String> jars() {
        ClassLoader loader = Optional.ofNullable(OkHttpClient.class.getClassLoader())
                .orElse(ClassLoader.getSystemClassLoader());
        List<String> jars = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources("okhttp3/OkHttpClient.class"))) {
                String s = url.toString();
                int bang = s.indexOf("!/");
                String jar = bang < 0 ? s : s.substring(0, bang);
                jars.add(jar.substring(jar.lastIndexOf('/') + 1));
            }
        } catch (IOException e) {
            return List.of();
        }
        return jars;
    }

    /** A warning when more than one OkHttp jar is on the class path, else empty. */
    static Optional<String> duplicateWarning() {
        List<String> jars = jars();
        if (jars.size() < 2) {
            return Optional.empty();
        }
        return Optional.of("the class path holds " + jars.size() + " OkHttp jars " + jars + "; OkHttp " + version()
                + " from the first is in use. ScimLab works on either, but keep one: import"
                + " com.squareup.okhttp3:okhttp-bom 5.x before anything else that manages OkHttp (see ScimLab's"
                + " README), which makes okhttp 4 the class-less okhttp 5 and leaves okhttp3.* to okhttp-jvm");
    }
}
