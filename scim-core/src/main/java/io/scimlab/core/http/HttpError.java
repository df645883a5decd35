package io.scimlab.core.http;

import java.io.IOException;

/**
 * A request the server refuses at the HTTP level (malformed head or framing, too large, unsupported), answered
 * with this status and a SCIM error body, after which the connection is closed: its framing can no longer be
 * trusted. An {@link IOException} so that the request body stream can throw it from {@code read}.
 */
final class HttpError extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    HttpError(int status, String detail) {
        super(detail);
        this.status = status;
        this.detail = detail;
    }

    /** Bad input, not a bug: no stack trace to fill in. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    static HttpError badRequest(String detail) {
        return new HttpError(400, detail);
    }

    int status() {
        return status;
    }

    String detail() {
        return detail;
    }
}
