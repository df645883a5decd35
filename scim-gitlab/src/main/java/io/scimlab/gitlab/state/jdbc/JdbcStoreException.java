package io.scimlab.gitlab.state.jdbc;

import java.sql.SQLException;

/**
 * A database failure in a JDBC store. The message names the operation only; the cause is the driver's
 * {@link SQLException} (drivers do not put bound values, so no secrets, in their messages).
 */
public final class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The constructor's cause (Throwable's own is @Nullable: it may be unset). */
    private final SQLException cause;

    /**
     * A failure.
     *
     * @param operation what the store was doing
     * @param cause     the driver's exception
     */
    public JdbcStoreException(String operation, SQLException cause) {
        super(operation + ": " + cause.getSQLState(), cause);
        this.cause = cause;
    }

    /**
     * The driver's exception.
     *
     * @return the cause
     */
    @Override
    public synchronized SQLException getCause() {
        return cause;
    }
}
