package io.scimlab.core.server;

/**
 * Observes every request a {@link ScimServer} handles: metrics, tracing, access logs. Register one with
 * {@link ScimServer.Builder#addRequestListener}.
 *
 * <p>Called on the thread that handled the request, once per request after its response is ready and before the
 * binding sends it (a {@code /Bulk} request is one request, however many operations it holds). Keep it quick; an
 * exception thrown here is logged and otherwise ignored, never changing the response.
 */
@FunctionalInterface
public interface ScimRequestListener {
    /**
     * A request has been handled.
     *
     * @param request what was asked and how it was answered
     */
    void requestHandled(HandledRequest request);
}
