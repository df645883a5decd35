package io.scimlab.core.examples;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serving a ScimServer from a Spring MVC controller under {@code /scim/v2}. */
@RestController
public class SpringMvcExample {
    private final ScimServer scim;

    public SpringMvcExample(ScimServer scim) {
        this.scim = scim;
    }

    @RequestMapping("/scim/v2/**")
    public ResponseEntity<byte[]> scim(HttpServletRequest req, @RequestHeader HttpHeaders headers, InputStream body)
            throws IOException {
        String path = req.getRequestURI().substring((req.getContextPath() + "/scim/v2").length());
        ScimResponse out = scim.handle(new ScimRequest(req.getMethod(), path,
                Objects.toString(req.getQueryString(), ""), headers, body,
                new ScimRequest.RemoteInfo(Optional.ofNullable(req.getRemoteAddr()), Optional.empty()),
                Optional.empty()));
        return ResponseEntity.status(out.status()).headers(h -> out.headers().forEach(h::set)).body(out.body());
    }
}
