package io.scimlab.core.server;

import static io.scimlab.core.server.HandleFixture.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.HandleFixture.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Paths and query strings are percent-decoded strictly: {@code java.net.URLDecoder} turned malformed UTF-8 into
 * U+FFFD (so {@code %FF} and {@code %FE} named the same id) and let {@code %00} reach providers inside an id.
 */
class PercentDecodingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/Users/%FF              | malformed UTF-8",
        "/Users/abc%C0%AF        | malformed UTF-8",
        "/Users/%ED%A0%80        | malformed UTF-8",
        "/Users/a%00b            | control character",
        "/Users/a%0Ab            | control character",
        "/Users/a%1B[31m         | control character",
        "/Users/%zz              | malformed percent-encoding",
        "/Users/abc%4            | malformed percent-encoding",
    })
    void malformedPathsAre400(String path, String detail) {
        HandleFixture f = new HandleFixture(Compatibility.lenient());
        assertScimError(f.get(path), 400, "invalidValue", detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "filter=userName%20eq%20%22%FF%22  | malformed UTF-8",
        "filter=userName%20eq%20%22a%00%22 | NUL",
        "fil%00ter=x                       | control character",
        "filter=%G1                        | malformed percent-encoding",
    })
    void malformedQueriesAre400(String query, String detail) {
        HandleFixture f = new HandleFixture(Compatibility.lenient());
        assertScimError(f.get("/Users?" + query), 400, "invalidValue", detail);
    }

    @Test
    void wellFormedEscapesStillWork() {
        HandleFixture f = new HandleFixture(Compatibility.lenient());
        String id = f.user("j\u00e9r\u00f4me+tag");
        // %C3%A9 is é; a plus sign in a path is a plus sign, in a query string a space.
        Reply byFilter = f.get("/Users?filter=userName+eq+%22j%C3%A9r%C3%B4me%2Btag%22");
        assertThat(byFilter.status()).as(byFilter.toString()).isEqualTo(200);
        assertThat(byFilter.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(f.get("/Users/" + id).status()).isEqualTo(200);
        assertThat(f.get("/Users/" + id.replace("-", "%2D")).status()).isEqualTo(200);
    }
}
