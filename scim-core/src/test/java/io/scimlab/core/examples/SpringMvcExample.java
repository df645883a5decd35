package io.scimlab.core.examples;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serving a ScimServer from a Spring MVC controller under {@code /scim/v2}, on Spring Framework 6 and 7 alike
 * ({@code HttpHeaders} is no longer a {@code MultiValueMap} in 7, so the headers come as one). The Spring Boot
 * starter ({@code scim-spring-boot-starter}) does this, and more, for you.
 */
@RestController
public class SpringMvcExample {
    private final ScimServer scim;

    public SpringMvcExample(ScimServer scim) {
        this.scim = scim;
    }

    @RequestMapping("/scim/v2/**")
    public ResponseEntity<byte[]> scim(HttpServletRequest req, @RequestHeader MultiValueMap<String, String> headers,
            InputStream body) throws IOException {
        String path = req.getRequestURI().substring((req.getContextPath() + "/scim/v2").length());
        // The absolute base URL as this request reached it, so Location and meta.location are
        // https://host/scim/v2/Users/2 rather than /Users/2 (behind a proxy, use ForwardedHeaderFilter or a fixed
        // ScimServer.Builder.baseUrl).
        String url = req.getRequestURL().toString();
        String baseUrl = url.substring(0, url.length() - path.length());
        ScimResponse out = scim.handle(new ScimRequest(req.getMethod(), path,
                Objects.toString(req.getQueryString(), ""), headers, body,
                new ScimRequest.RemoteInfo(Optional.ofNullable(req.getRemoteAddr()), Optional.empty()),
                Optional.of(baseUrl)));
        return ResponseEntity.status(out.status()).headers(h -> out.headers().forEach(h::set)).body(out.body());
    }
}
