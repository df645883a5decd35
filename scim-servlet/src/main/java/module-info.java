/**
 * ScimLab Servlet: {@link io.scimlab.servlet.ScimServlet}, one Jakarta Servlet (6.0 or later) that serves a
 * {@link io.scimlab.core.server.ScimServer} in any servlet container.
 *
 * <p>Start here:
 * <pre>{@code
 * ScimServer scim = ScimServer.builder()...build();
 * servletContext.addServlet("scim", new ScimServlet(scim)).addMapping("/scim/v2/*");
 * }</pre>
 */
module io.scimlab.servlet {
    requires transitive io.scimlab.core;
    requires transitive jakarta.servlet;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;

    exports io.scimlab.servlet;
}
