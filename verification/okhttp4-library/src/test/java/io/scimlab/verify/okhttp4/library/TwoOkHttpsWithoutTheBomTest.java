package io.scimlab.verify.okhttp4.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The problem README.md's okhttp-bom advice solves: OkHttp 4 is {@code com.squareup.okhttp3:okhttp}, OkHttp 5 on the
 * JVM is {@code okhttp-jvm}, so Maven sees two artifacts, keeps both, and two copies of {@code okhttp3.*} end up on
 * the class path (which one loads depends on the order). verification/okhttp4-app shows the fix.
 */
class TwoOkHttpsWithoutTheBomTest {
    @Test
    void withoutTheOkHttpBomTheClassPathHoldsTwoCopiesOfOkHttp() throws Exception {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        assertThat(copies).hasSize(2);
        assertThat(copies).anySatisfy(url -> assertThat(url.toString()).contains("okhttp-4."))
                .anySatisfy(url -> assertThat(url.toString()).contains("okhttp-jvm-5."));
    }
}
