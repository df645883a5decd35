package io.scimlab.gitlab.state;

import org.jspecify.annotations.Nullable;

/**
 * The locks a write needs were not free within the store's wait (another writer held one too long, or two writers
 * that took keys during their sections waited on each other). The write stopped there: before any change when the
 * keys were those it takes at its start, else where it stood, as any interrupted write. It is worth trying again,
 * and the bridge answers the identity provider 503 with {@code Retry-After}.
 */
public final class LockUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure to lock.
     *
     * @param message what could not be locked (keys only, never values of a request)
     * @param cause   the store's own failure, if any
     */
    public LockUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
