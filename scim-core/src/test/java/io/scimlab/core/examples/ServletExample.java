package io.scimlab.core.examples;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Serving a ScimServer from a Jakarta Servlet mapped to {@code /scim/v2/*}. */
public class ServletExample extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ScimServer scim;

    public ServletExample(ScimServer scim) {
        this.scim = scim;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        String base = req.getContextPath() + req.getServletPath();
        ScimResponse out = scim.handle(new ScimRequest(req.getMethod(), req.getRequestURI().substring(base.length()),
                Objects.toString(req.getQueryString(), ""), headers, req.getInputStream(),
                new ScimRequest.RemoteInfo(Optional.ofNullable(req.getRemoteAddr()), Optional.empty()),
                Optional.of(req.getRequestURL().substring(0, req.getRequestURL().length()
                        - req.getRequestURI().length()) + base)));
        resp.setStatus(out.status());
        out.headers().forEach(resp::setHeader);
        resp.getOutputStream().write(out.body());
    }
}
