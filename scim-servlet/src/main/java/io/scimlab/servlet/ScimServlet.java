package io.scimlab.servlet;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a {@link ScimServer} as one Jakarta Servlet (Servlet 6.0 or later). Register an instance under a path
 * mapping; the part of the request path after the mapping is the SCIM path:
 * <pre>{@code
 * servletContext.addServlet("scim", new ScimServlet(scim)).addMapping("/scim/v2/*");
 * }</pre>
 *
 * <p>Every method goes to {@link ScimServer#handle(ScimRequest)}, which answers all of them (HEAD like GET without a
 * body, 405 with {@code Allow} for the others), with every request header and value, the raw query, the body (read
 * only up to the server's {@link io.scimlab.core.server.Limits limits}), the caller's address and the subject of a
 * verified TLS client certificate. The response is written as the server made it: status, headers and body, errors
 * included, never through the container's error pages.
 *
 * <p>{@code Location} and {@code meta.location} are absolute: the base URL is the scheme, host and port the
 * container reports for the request (so a proxy's {@code Forwarded} headers count when the container is set up to
 * honour them) followed by the context path and the servlet's mapping, unless
 * {@link ScimServer.Builder#baseUrl(String)} fixes it (behind a proxy the container does not know about).
 *
 * <p>The servlet is thread-safe and keeps no state of its own; authentication is the {@code ScimServer}'s
 * {@link io.scimlab.core.server.Authenticator} (use {@code Authenticator.trusted(name)} when a servlet filter
 * already authenticates callers).
 */
public final class ScimServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The request attribute under which containers put a verified TLS client certificate chain. */
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final transient ScimServer server;

    /**
     * A servlet serving a SCIM server.
     *
     * @param server the SCIM server to serve
     */
    public ScimServlet(ScimServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Hands the request to the SCIM server and writes its response.
     *
     * @param req the request
     * @param resp the response
     * @throws IOException when the body cannot be written (the client went away)
     */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String rest = req.getRequestURI().substring(req.getContextPath().length());
        int split = mappingEnd(req, rest);
        String base = origin(req) + req.getContextPath() + rest.substring(0, split);
        ScimResponse out = server.handle(new ScimRequest(req.getMethod(), rest.substring(split),
                Objects.toString(req.getQueryString(), ""), headers(req), req.getInputStream(), remote(req),
                Optional.of(base)));
        write(out, req.getMethod().equalsIgnoreCase("HEAD"), resp);
    }

    /**
     * Where the servlet's mapping ends in the raw path below the context: the container gives the servlet path
     * decoded, so the raw path loses as many segments as the servlet path has (the SCIM path must stay encoded).
     */
    static int mappingEnd(HttpServletRequest req, String rest) {
        MappingMatch match = req.getHttpServletMapping().getMappingMatch();
        if (match == MappingMatch.DEFAULT) {
            return 0;
        }
        String servletPath = req.getServletPath();
        int end = 0;
        for (int i = 0; i < servletPath.length(); i++) {
            if (servletPath.charAt(i) == '/') {
                int next = rest.indexOf('/', end + 1);
                end = next < 0 ? rest.length() : next;
            }
        }
        return end;
    }

    /**
     * {@code scheme://host[:port]} of the request as the container reports it; a host that is no valid URI host
     * is replaced by the local address, so a client's {@code Host} header cannot forge links.
     */
    static String origin(HttpServletRequest req) {
        String scheme = req.getScheme().toLowerCase(Locale.ROOT);
        int port = req.getServerPort();
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        try {
            URI uri = new URI(scheme, null, req.getServerName(), defaultPort ? -1 : port, null, null, null);
            if (uri.getHost() != null) {
                return uri.toString();
            }
        } catch (URISyntaxException e) {
            // fall through to the local address
        }
        String local = req.getLocalAddr();
        return scheme + "://" + (local.indexOf(':') >= 0 ? "[" + local + "]" : local) + ":" + req.getLocalPort();
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    private static ScimRequest.RemoteInfo remote(HttpServletRequest req) {
        Optional<String> subject = Optional.empty();
        if (req.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            subject = Optional.of(chain[0].getSubjectX500Principal().getName());
        }
        return new ScimRequest.RemoteInfo(Optional.ofNullable(req.getRemoteAddr()), subject);
    }

    private static void write(ScimResponse out, boolean head, HttpServletResponse resp) throws IOException {
        resp.setStatus(out.status());
        out.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                resp.setHeader(name, value);
            }
        });
        byte[] body = out.body();
        if (head) {
            // The server put the GET body's length here (RFC 9110 §9.3.2); the container sends no body for HEAD.
            out.header("Content-Length").ifPresent(length -> resp.setContentLengthLong(Long.parseLong(length)));
        } else if (body.length > 0) {
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
