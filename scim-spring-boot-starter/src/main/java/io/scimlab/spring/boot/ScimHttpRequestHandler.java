package io.scimlab.spring.boot;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.http.server.RequestPath;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Serves the {@link ScimServer} under {@code scimlab.base-path} in a Spring MVC application. It works on the
 * servlet request itself (no {@code HttpHeaders}, whose type changed in Spring Framework 7), so one class serves
 * Spring Framework 6 and 7: every header with all its values, the raw (still percent-encoded) path below the base,
 * the raw query, the body as a stream, the caller's address and TLS client certificate, and the absolute base URL
 * the request reached, so that {@code Location} and {@code meta.location} are {@code https://host/scim/v2/Users/2}
 * (a configured {@code scimlab.public-base-url} wins over it, see {@code ScimServer.Builder.baseUrl}).
 */
final class ScimHttpRequestHandler implements HttpRequestHandler {
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ScimServer server;
    private final String basePath;

    ScimHttpRequestHandler(ScimServer server, String basePath) {
        this.server = server;
        this.basePath = basePath;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The path below the context path and the DispatcherServlet's mapping, still encoded.
        RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request)
                : ServletRequestPathUtils.parseAndCache(request);
        String within = path.pathWithinApplication().value();
        if (!within.startsWith(basePath)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String below = within.substring(basePath.length());
        String url = request.getRequestURL().toString();
        Optional<String> baseUrl = url.endsWith(below) ? Optional.of(url.substring(0, url.length() - below.length()))
                : Optional.empty();
        ScimResponse out = server.handle(new ScimRequest(request.getMethod(), below,
                Objects.toString(request.getQueryString(), ""), headers(request), request.getInputStream(),
                new ScimRequest.RemoteInfo(Optional.ofNullable(request.getRemoteAddr()), certificateSubject(request)),
                baseUrl));
        response.setStatus(out.status());
        out.headers().forEach(response::setHeader);
        byte[] body = out.body();
        if (body.length > 0) {
            response.setContentLength(body.length);
            try (OutputStream o = response.getOutputStream()) {
                o.write(body);
            }
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    private static Optional<String> certificateSubject(HttpServletRequest request) {
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(chain[0].getSubjectX500Principal().getName());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ScimHttpRequestHandler[" + basePath + "]";
    }
}
