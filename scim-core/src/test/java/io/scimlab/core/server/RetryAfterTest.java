package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.server.HttpFixture.Res;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: a provider's {@link ScimException} may say when to retry (a GitLab rate limit, an outage), and the
 * server answers it as the {@code Retry-After} header of the 503 or 429, in whole seconds rounded up.
 */
class RetryAfterTest {
    /** The User provider answers a GET of these ids with these errors. */
    static final HttpFixture F = new HttpFixture(b -> b, users -> new ResourceProvider() {
        @Override
        public ResourceTypeDefinition resourceType() {
            return users.resourceType();
        }

        @Override
        public ScimResource create(ScimResource resource, RequestContext context) {
            return users.create(resource, context);
        }

        @Override
        public Optional<ScimResource> get(String id, RequestContext context) {
            switch (id) {
                case "outage":
                    throw ScimException.status(503, "GitLab is unavailable; retry in 30 seconds")
                            .withRetryAfter(Duration.ofSeconds(30));
                case "rate-limited":
                    throw ScimException.status(429, "GitLab's rate limit is reached")
                            .withRetryAfter(Duration.ofMillis(2_500));
                case "no-hint":
                    throw ScimException.status(503, "GitLab is unavailable");
                default:
                    return users.get(id, context);
            }
        }

        @Override
        public ScimResource update(ResourceUpdate update, RequestContext context) {
            return users.update(update, context);
        }

        @Override
        public void delete(String id, RequestContext context) {
            users.delete(id, context);
        }

        @Override
        public QueryResult query(ResourceQuery query, RequestContext context) {
            return users.query(query, context);
        }
    });

    @AfterAll
    static void stop() {
        F.close();
    }

    @Test
    void retryAfterReachesTheClientOverHttp() {
        Res outage = F.get("/Users/outage");
        assertThat(outage.status()).isEqualTo(503);
        assertThat(outage.header("Retry-After")).isEqualTo("30");
        assertThat(outage.json().path("status").asText()).isEqualTo("503");
        assertThat(outage.json().path("detail").asText()).contains("retry in 30 seconds");

        Res limited = F.get("/Users/rate-limited");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("3");

        Res noHint = F.get("/Users/no-hint");
        assertThat(noHint.status()).isEqualTo(503);
        assertThat(noHint.header("Retry-After")).isNull();
    }

    @Test
    void handleRendersTheHeader() {
        ScimResponse r = F.server.handle(ScimRequest.builder("GET", "/Users/outage")
                .header("Authorization", "Bearer " + HttpFixture.TOKEN).build());
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).contains("30");
        assertThat(r.header("Content-Type")).contains(ScimResponse.SCIM_JSON);
        assertThat(r.header(ScimServer.REQUEST_ID_HEADER)).isPresent();
    }

    @Test
    void onlyA503OrA429CarriesOne() {
        ScimException e = ScimException.status(503, "x").withRetryAfter(Duration.ZERO);
        assertThat(e.retryAfterHeader()).contains("0");
        assertThat(e.withCause(new RuntimeException()).retryAfter()).contains(Duration.ZERO);
        assertThat(ScimException.status(503, "x").retryAfter()).isEmpty();
        assertThat(ScimException.status(429, "x").withRetryAfter(Duration.ofMillis(1)).retryAfterHeader())
                .contains("1");
        assertThatThrownBy(() -> ScimException.status(400, "x").withRetryAfter(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScimException.status(503, "x").withRetryAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(e.toString()).contains("retryAfter=PT0S");
    }

    @Test
    void aDetailIsNeverLongerThanTheCap() {
        ScimException e = ScimException.invalidValue("x".repeat(10_000));
        assertThat(e.detail()).hasSize(ScimException.MAX_DETAIL).endsWith("...");
        assertThat(e.getMessage()).isEqualTo(e.detail());
    }
}
