package io.scimlab.gitlab.api;

import java.util.function.Supplier;

/**
 * A token supplier whose values go through {@link TokenValues#clean} before use: what the client's transport reads
 * instead of the application's supplier. A value that cannot be cleaned fails the request with
 * {@link UnusableTokenException} (which the transport turns into an {@code UNAUTHORIZED} error), never with the
 * value. A {@link TokenSource} still hears about refusals, with the value as it was sent.
 */
final class CheckedTokenSource implements TokenSource {
    private final Supplier<String> delegate;

    CheckedTokenSource(Supplier<String> delegate) {
        this.delegate = delegate;
    }

    @Override
    public String get() {
        String raw = delegate.get();
        if (raw == null) {
            throw new UnusableTokenException("the token supplier gave no token");
        }
        try {
            return TokenValues.clean(raw);
        } catch (IllegalArgumentException e) {
            throw new UnusableTokenException("the token supplier gave an unusable token: " + e.getMessage());
        }
    }

    @Override
    public void refused(String token, GitLabCall request) {
        if (delegate instanceof TokenSource source) {
            source.refused(token, request);
        }
    }

    /** A supplied token value that cannot be sent; the message never contains the value. */
    static final class UnusableTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
