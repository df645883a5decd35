package io.scimlab.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScimExceptionTest {
    @Test
    void keywordsAreExactlyTheRfcOnes() {
        assertThat(Arrays.stream(ScimType.values()).map(ScimType::keyword)).containsExactly("invalidFilter",
                "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue",
                "invalidVers", "sensitive", "invalidCursor", "expiredCursor", "invalidCount");
        assertThat(ScimType.fromKeyword("INVALIDVERS")).contains(ScimType.INVALID_VERS);
        assertThat(ScimType.fromKeyword("invalidcursor")).contains(ScimType.INVALID_CURSOR);
        assertThat(ScimType.fromKeyword("bogus")).isEmpty();
    }

    @Test
    void rendersTheRfcErrorBodyWithStatusAsAString() throws Exception {
        ScimException e = ScimException.of(ScimType.INVALID_FILTER, "expected a comparison operator at column 10");
        assertThat(new ObjectMapper().writeValueAsString(e.toErrorJson())).isEqualTo(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\","
                        + "\"scimType\":\"invalidFilter\",\"detail\":\"expected a comparison operator at column 10\"}");
        assertThat(ScimException.notFound("User 1 not found").toErrorJson().has("scimType")).isFalse();
        assertThat(ScimException.of(ScimType.UNIQUENESS, "taken").status()).isEqualTo(409);
        assertThat(ScimException.of(ScimType.SENSITIVE, "x").status()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"status\":412,\"detail\":\"Missing params\"}             | 500 | 412 | | Missing params",
        "{\"status\":\"409\",\"scimType\":\"uniqueness\",\"detail\":\"x\"} | 500 | 409 | uniqueness | x",
        "{\"detail\":\"y\"}                                          | 404 | 404 | | y",
        "{\"status\":\"abc\",\"scimType\":\"nope\"}                  | 400 | 400 | | HTTP 400",
        "{\"status\":200}                                            | 200 | 500 | | HTTP 500",
    })
    void readsErrorBodiesOfOtherServers(String json, int fallback, int status, String type, String detail)
            throws Exception {
        ScimException e = ScimException.fromErrorJson(new ObjectMapper().readTree(json), fallback);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.scimType().map(ScimType::keyword).orElse(null)).isEqualTo(type);
        assertThat(e.detail()).isEqualTo(detail);
    }

    @Test
    void clientErrorsCarryNoStackTraceAndStatusIsChecked() {
        assertThat(ScimException.invalidValue("x").getStackTrace()).isEmpty();
        assertThat(ScimException.status(500, "boom").getStackTrace()).isNotEmpty();
        assertThatThrownBy(() -> ScimException.status(200, "ok")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScimException.invalidSyntax("bad").toString()).contains("invalidSyntax").contains("bad");
    }
}
