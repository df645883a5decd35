package io.scimlab.gitlab.api;

/**
 * Observes every request of a {@link GitLabClient} (in the spirit of OkHttp's {@code EventListener}): metrics,
 * tracing, or an audit trail that records what was really sent. Register one with
 * {@link GitLabClient.Builder#addCallListener}; to observe a client built elsewhere, derive one with
 * {@code client.newBuilder().addCallListener(listener).build()}, which shares the original's connections, pacing and
 * token state.
 *
 * <p>Called on the thread that made the request, once per request after its last retry (a lazy list calls it once
 * per page). Keep it quick; an exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface GitLabCallListener {
    /**
     * A request has ended.
     *
     * @param call what was sent and how it ended
     */
    void callEnded(GitLabCall call);
}
