package io.scimlab.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.scimlab.core.error.ScimException;
import java.util.regex.Pattern;

/**
 * The one place a JSON parser failure becomes a client error: 400 {@code invalidSyntax} naming the line and
 * column, with the parser's reason but never the offending text. Jackson quotes an unrecognized token in full
 * ({@code Unrecognized token 'hunter2'}), which for an unquoted password would echo the secret to the client
 * and into logs. Internal: this package is not exported.
 */
public final class JsonErrors {
    private static final Pattern QUOTED_TOKEN = Pattern.compile("(?i)(unrecognized token|non-standard token) '[^']*'");
    private static final int MAX_REASON = 200;

    private JsonErrors() {}

    /**
     * A 400 {@code invalidSyntax} for malformed JSON.
     *
     * @param e the parser's failure
     * @return the exception, to throw
     */
    public static ScimException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column "
                + at.getColumnNr();
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        reason = QUOTED_TOKEN.matcher(reason).replaceAll("$1");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        return ScimException.invalidSyntax("malformed JSON" + where + (reason.isBlank() ? "" : ": " + reason));
    }
}
