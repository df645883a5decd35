package io.scimlab.core.server;

import static io.scimlab.core.server.HandleFixture.assertScimError;
import static io.scimlab.core.server.HandleFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.HandleFixture.Reply;
import org.junit.jupiter.api.Test;

/** Issue #15: identity providers' edges — a PUT naming another id, and Microsoft's {@code /serviceConfiguration}. */
class IdpEdgesTest {

    @Test
    void putIgnoresAnotherIdInTheBodyByDefault() {
        // RFC 7644 §3.5.1: id is readOnly, and readOnly values in a PUT "SHALL be ignored".
        HandleFixture f = new HandleFixture(Compatibility.lenient());
        String id = f.user("bjensen");
        Reply r = f.send("PUT", "/Users/" + id, userBody("\"id\":\"someone-else\",\"userName\":\"bjensen\","
                + "\"title\":\"Boss\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo(id);
        assertThat(r.json().path("title").asText()).isEqualTo("Boss");
        assertThat(f.get("/Users/someone-else").status()).isEqualTo(404);
        assertThat(f.get("/Users/" + id).json().path("title").asText()).isEqualTo("Boss");
    }

    @Test
    void strictModeAnswersMutabilityForAnotherId() {
        HandleFixture f = new HandleFixture(Compatibility.strictRfc());
        String id = f.user("bjensen");
        Reply r = f.send("PUT", "/Users/" + id, userBody("\"id\":\"someone-else\",\"userName\":\"bjensen\","
                + "\"title\":\"Boss\""));
        assertScimError(r, 400, "mutability", "id");
        assertThat(f.get("/Users/" + id).json().has("title")).isFalse();
        // The same id is no change at all.
        Reply same = f.send("PUT", "/Users/" + id, userBody("\"id\":\"" + id + "\",\"userName\":\"bjensen\","
                + "\"title\":\"Boss\""));
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
    }

    @Test
    void serviceConfigurationIsServedAsServiceProviderConfig() {
        HandleFixture f = new HandleFixture(Compatibility.lenient());
        Reply alias = f.get("/serviceConfiguration");
        assertThat(alias.status()).as(alias.toString()).isEqualTo(200);
        Reply canonical = f.get("/ServiceProviderConfig");
        assertThat(alias.json()).isEqualTo(canonical.json());
        assertThat(alias.json().path("schemas").path(0).asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(f.get("/ServiceConfiguration").status()).isEqualTo(200);
    }

    @Test
    void strictModeKnowsOnlyTheRfcPath() {
        HandleFixture f = new HandleFixture(Compatibility.strictRfc());
        assertThat(f.get("/serviceConfiguration").status()).isEqualTo(404);
        assertThat(f.get("/ServiceProviderConfig").status()).isEqualTo(200);
    }
}
