package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.Identity;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.ServiceAccount;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Users on GitLab.com, relayed to the top-level group's SCIM API: GitLab.com forbids {@code /users} writes.
 * GitLab's SCIM is idempotent on externalId, links an existing account by email (which the bridge checks, see
 * {@link #provision}), and ignores every attribute update except externalId and active, so userName/email/name
 * changes are kept in the state store only.
 */
final class GitLabComUsers implements UserBackend {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** What a refusal after the relay leaves in GitLab, for the detail. */
    private static final String LEFT = "; GitLab's SCIM has linked it: remove its SCIM identity in GitLab if that is "
            + "unwanted";

    private final GitLabClient gl;
    private final GitLabScim scim;
    private final Policies policies;
    private final StateStore store;
    private final AuditTrail audit;
    // GitLab's SCIM API is the top-level group's: its calls change that group's users.
    private final String topLevelGroup;
    private final GitLabTarget target;
    private final AccountGuard guard;

    GitLabComUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit, AccountGuard guard) {
        this.gl = target.client();
        this.topLevelGroup = target.topLevelGroup().orElseThrow();
        this.target = target;
        this.guard = guard;
        this.scim = target.requireScim();
        this.policies = policies;
        this.store = store;
        this.audit = audit;
    }

    /**
     * Relays the create to GitLab's group SCIM, which creates the account or links an existing one by a verified
     * email on its own. A group Owner cannot look up other accounts' private emails, so the bridge checks what it
     * can before relaying (its own token's account, GitLab's noreply addresses) and, after, which account GitLab
     * answered with: a new account, or the same person by identity, holds this group's SAML identity with this
     * externalId; an account without it was linked by email (now or on an earlier create), and is refused unless the
     * policy links and it is not the bridge's own or a service account; one with another identity is refused always.
     * A refused account is not stored, so the IdP cannot manage it through the bridge; GitLab keeps the SCIM identity
     * it made (GitLab's SCIM cannot undo it without removing memberships), and every retry is refused the same way.
     */
    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        String email = user.requireEmail();
        String externalId = user.externalId().orElseThrow(() -> ScimException.invalidValue(
                "externalId is required: GitLab.com links users by their SAML identity"));
        guard.refuseNoreply(op, email);
        if (guard.ownEmail(email)) {
            guard.refuseOwn(op, guard.own().id(), "the email is that of");
        }
        String username = policies.usernames().baseUsername(user.userName(), user.email());
        if (policies.usernames().onClash() == UsernamePolicy.OnClash.CONFLICT) {
            Optional<ObjectNode> mine = scim.getUser(externalId);
            if (mine.isEmpty() && gl.users().findByUsername(username).isPresent()) {
                throw ScimException.of(ScimType.UNIQUENESS, "GitLab username " + Bounds.echo(username) + " is taken");
            }
        }
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        body.put("externalId", externalId).put("userName", username).put("active", true);
        body.putArray("emails").addObject().put("type", "work").put("value", email).put("primary", true);
        String[] parts = user.name().split(" ", 2);
        body.putObject("name").put("formatted", user.name()).put("givenName", parts[0])
                .put("familyName", parts.length > 1 ? parts[1] : "");
        // GitLab's SCIM answer does not carry the GitLab user id: the event names the group only.
        ObjectNode created = audit.run(op.on(topLevelGroup, List.of()), "", "externalId=" + externalId,
                () -> scim.createUser(body));
        String glName = created.path("userName").asText(username);
        GitLabUser u = gl.users().findByUsername(glName).orElseThrow(() -> ScimException.status(502,
                "GitLab provisioned the user but does not list it"));
        checkLinked(op.on(topLevelGroup, List.of(u.id())), u, externalId);
        if (!created.path("active").asBoolean(true)) {
            // GitLab answers an earlier, deprovisioned identity as it is: re-provisioning must re-activate.
            setActive(op.on(topLevelGroup, List.of()), externalId, true);
        }
        return new Account(u.id(), u.username());
    }

    /** Which account GitLab's SCIM answered with, and whether the bridge may manage it (see {@link #provision}). */
    private void checkLinked(AuditTrail.Op op, GitLabUser u, String externalId) {
        if (u.id() == guard.own().id()) {
            throw guard.refuse(op, u.id(), "GitLab's SCIM answered with the account of the bridge's own GitLab "
                    + "token, which the IdP must never manage" + LEFT);
        }
        Optional<Identity> saml = gl.members().find(target.requireTopLevelGroup(), u.id())
                .flatMap(Member::groupSamlIdentity);
        if (saml.isPresent()) {
            if (!saml.get().externUid().equalsIgnoreCase(externalId)) {
                throw guard.refuse(op, u.id(), "GitLab's SCIM answered with an existing account that already has a "
                        + "different SAML identity in this group" + LEFT);
            }
            return;
        }
        if (policies.existingUser() != ExistingUserPolicy.LINK) {
            throw guard.refuse(op, u.id(), "GitLab's SCIM linked an existing account with this email, and linking "
                    + "existing accounts by email is off (ExistingUserPolicy.CONFLICT)" + LEFT);
        }
        try (Stream<ServiceAccount> accounts = gl.serviceAccounts().list(target.requireTopLevelGroup())) {
            if (accounts.anyMatch(a -> a.id() == u.id())) {
                throw guard.refuse(op, u.id(), "GitLab's SCIM linked a service account by its email" + LEFT);
            }
        }
    }

    private void setActive(AuditTrail.Op op, String externalId, boolean active) {
        ObjectNode patch = JSON.objectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        patch.putArray("Operations").addObject().put("op", "replace").put("path", "active").put("value", active);
        audit.run(op, "active=" + !active, "active=" + active, () -> scim.patchUser(externalId, patch));
    }

    @Override
    public void update(AuditTrail.Op op, UserRecord record, ScimUser before, ScimUser after) {
        // GitLab's SCIM ignores userName, email and name since 15.0: only a new externalId is worth a call.
        if (after.externalId().isEmpty() || after.externalId().equals(before.externalId())
                || before.externalId().isEmpty()) {
            return;
        }
        String old = before.externalId().get();
        ObjectNode patch = JSON.objectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        patch.putArray("Operations").addObject().put("op", "replace").put("path", "externalId")
                .put("value", after.externalId().get());
        audit.run(op.on(topLevelGroup, List.of(record.gitlabUserId())), "externalId=" + old,
                "externalId=" + after.externalId().get(), () -> scim.patchUser(old, patch));
    }

    @Override
    public void deactivate(AuditTrail.Op op, UserRecord record) {
        if (policies.deprovision() == DeprovisionPolicy.REMOVE_MEMBERSHIPS) {
            return;
        }
        scimDeprovision(op, record);
    }

    private void scimDeprovision(AuditTrail.Op op, UserRecord record) {
        String ext = record.externalId().orElseThrow(() -> ScimException.status(500, "user without externalId"));
        setActive(op.on(topLevelGroup, List.of(record.gitlabUserId())), ext, false);
        // GitLab removed the memberships of the whole hierarchy, the bridge's included.
        long id = record.gitlabUserId();
        store.managedOf(id).forEach(m -> store.removeManaged(id, m.groupPath()));
    }

    @Override
    public Account reactivate(AuditTrail.Op op, UserRecord record, ScimUser user) {
        String ext = record.externalId().orElseThrow(() -> ScimException.status(500, "user without externalId"));
        Optional<ObjectNode> current = scim.getUser(ext);
        if (current.isEmpty()) {
            return provision(op, user);
        }
        if (!current.get().path("active").asBoolean(true)) {
            setActive(op.on(topLevelGroup, List.of(record.gitlabUserId())), ext, true);
        }
        return new Account(record.gitlabUserId(), current.get().path("userName").asText());
    }

    @Override
    public void delete(AuditTrail.Op op, UserRecord record) {
        if (policies.delete() != DeletePolicy.REMOVE_MEMBERSHIPS) {
            // GitLab.com cannot block or delete: GitLab's SCIM deprovision is the strongest step available.
            scimDeprovision(op, record);
        }
    }

    @Override
    public boolean deleteTakesMemberships() {
        // GitLab's SCIM deprovision removes the whole hierarchy's memberships.
        return policies.delete() != DeletePolicy.REMOVE_MEMBERSHIPS;
    }
}
