package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which existing GitLab accounts a SCIM create may take over. Linking an account hands it to the IdP: it may then
 * rename it, attach its own SAML identity, block or delete it. So an existing account is linked by email only when
 * the {@link ExistingUserPolicy} says {@link ExistingUserPolicy#LINK LINK}, and never when it is
 * <ul>
 *   <li>the account of the bridge's own GitLab token (blocking it would stop every write);</li>
 *   <li>an administrator's;</li>
 *   <li>a bot or service account, or an address at a {@code noreply.} domain (GitLab's bots, service accounts and
 *       private commit addresses);</li>
 *   <li>an account with an identity for the configured provider already (another person's SAML identity);</li>
 *   <li>in a state the bridge never sets (banned, LDAP-blocked, pending approval): an administrator's decision.</li>
 * </ul>
 * An identity match (the same {@code extern_uid} for the configured provider) is the same person, not a link by
 * email; only the bridge's own account is refused then. Each refusal is a 409 {@code uniqueness} with the reason, and
 * an audit event.
 */
final class AccountGuard {
    /** GitLab's generated addresses: {@code noreply.<host>} and its subdomains ({@code users.noreply.<host>}). */
    private static final Pattern NOREPLY = Pattern.compile("(?:[^@.]+\\.)?noreply\\.[^@]+");
    /** How long the token's own account is remembered: a rotated token belongs to the same user. */
    private static final Duration OWN_FOR = Duration.ofMinutes(15);

    private final GitLabClient gl;
    private final AuditTrail audit;
    private final Clock clock;
    private @Nullable GitLabUser own;
    private Instant ownRead = Instant.MIN;

    AccountGuard(GitLabClient gl, AuditTrail audit, Clock clock) {
        this.gl = gl;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account of the bridge's own token ({@code GET /user}), read once and remembered for a while. */
    synchronized GitLabUser own() {
        Instant now = clock.instant();
        if (own == null || ownRead.plus(OWN_FOR).isBefore(now)) {
            own = gl.users().current();
            ownRead = now;
        }
        return own;
    }

    /** Refuses the bridge's own account: no IdP may manage the account the bridge acts as. */
    void refuseOwn(AuditTrail.Op op, long accountId, String how) {
        if (accountId == own().id()) {
            throw refuse(op, accountId, how + " the account of the bridge's own GitLab token, which the IdP must "
                    + "never manage");
        }
    }

    /** Refuses an address GitLab generates for bots, service accounts and private commits. */
    void refuseNoreply(AuditTrail.Op op, String email) {
        if (noreply(email)) {
            throw refuse(op, 0, "the email is at a noreply domain, which GitLab gives bots, service accounts and "
                    + "private commit addresses");
        }
    }

    /** Whether the email's own account (as {@code GET /user} shows it) is the bridge's. */
    boolean ownEmail(String email) {
        return own().email().map(email::equalsIgnoreCase).orElse(false);
    }

    static boolean noreply(String email) {
        int at = email.lastIndexOf('@');
        return at > 0 && NOREPLY.matcher(email.substring(at + 1).toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Checks that an existing account found by email may be linked (self-managed, where the administrator's view
     * shows everything needed); throws the 409 otherwise.
     */
    void checkEmailLink(AuditTrail.Op op, GitLabUser u, String email, ExistingUserPolicy policy,
            String identityProvider) {
        Optional<String> reason = Optional.empty();
        if (policy != ExistingUserPolicy.LINK) {
            reason = Optional.of("linking existing accounts by email is off (ExistingUserPolicy.CONFLICT)");
        } else if (u.id() == own().id()) {
            reason = Optional.of("it is the account of the bridge's own GitLab token");
        } else if (u.admin()) {
            reason = Optional.of("it is an administrator's account");
        } else if (u.bot() || noreply(email)) {
            reason = Optional.of("it is a bot or service account");
        } else if (u.identity(identityProvider).isPresent()) {
            reason = Optional.of("it already has a different " + identityProvider + " identity");
        } else if (!UserStates.settable(u.state())) {
            reason = Optional.of("it is " + u.state().apiValue() + ", which only an administrator may change");
        }
        if (reason.isPresent()) {
            throw refuse(op, u.id(), "a GitLab account with this email exists and is not linked: "
                    + reason.get());
        }
    }

    /** The 409 for a refused link, after its audit event (nothing was sent to GitLab for it). */
    ScimException refuse(AuditTrail.Op op, long accountId, String detail) {
        audit.refused(accountId == 0 ? op : op.on(accountId), accountId == 0 ? "" : "user " + accountId, detail);
        return ScimException.of(ScimType.UNIQUENESS, detail);
    }
}
