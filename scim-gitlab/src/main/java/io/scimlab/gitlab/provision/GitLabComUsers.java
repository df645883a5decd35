package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.audit.AuditEvent;
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
 *
 * <p>Offboarding (deactivation and deletion, except under REMOVE_MEMBERSHIPS) takes the user out of the whole
 * hierarchy: GitLab's SCIM deprovisioning, then the hierarchy-wide removal of the members API, since GitLab's
 * deprovisioning removes only what hangs on a top-level membership. A deprovisioned identity is sent nothing but
 * its reactivation: GitLab re-provisions it on any other PATCH.
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
    private final GroupRef top;
    private final GitLabTarget target;
    private final AccountGuard guard;

    GitLabComUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit, AccountGuard guard) {
        this.gl = target.client();
        this.topLevelGroup = target.topLevelGroup().orElseThrow();
        this.target = target;
        this.guard = guard;
        this.scim = target.requireScim();
        this.top = target.requireTopLevelGroup();
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
        // GitLab's SCIM answer carries no GitLab user id: one read of the top-level group's members by the username
        // it answered gives the id and the SAML identity that tells a new account from one linked by email.
        Provisioned m = provisioned(glName).orElseThrow(() -> ScimException.status(502,
                "GitLab provisioned the user but does not list it"));
        checkLinked(op.on(topLevelGroup, List.of(m.id())), m, externalId);
        if (!created.path("active").asBoolean(true)) {
            // GitLab answers an earlier, deprovisioned identity as it is: re-provisioning must re-activate.
            setActive(op.on(topLevelGroup, List.of()), externalId, true);
        }
        return new Account(m.id(), m.username());
    }

    /** The account GitLab's SCIM answered with: its id, username and this group's SAML identity, if any. */
    private record Provisioned(long id, String username, Optional<Identity> saml) {
    }

    /**
     * The top-level group's member of this username ({@code GET /groups/:top/members?query=}, exact matches first),
     * which GitLab's SCIM provisioning makes every account it creates or links; else, should GitLab list none, the
     * account by username and its membership, read one by one.
     */
    private Optional<Provisioned> provisioned(String username) {
        try (Stream<Member> found = gl.members().search(top, username)) {
            Optional<Member> m = found.filter(x -> x.username().equalsIgnoreCase(username)).findFirst();
            if (m.isPresent()) {
                return m.map(x -> new Provisioned(x.userId(), x.username(), x.groupSamlIdentity()));
            }
        }
        return gl.users().findByUsername(username).map(u -> new Provisioned(u.id(), u.username(),
                gl.members().find(top, u.id()).flatMap(Member::groupSamlIdentity)));
    }

    /** Which account GitLab's SCIM answered with, and whether the bridge may manage it (see {@link #provision}). */
    private void checkLinked(AuditTrail.Op op, Provisioned u, String externalId) {
        if (u.id() == guard.own().id()) {
            throw guard.refuse(op, u.id(), "GitLab's SCIM answered with the account of the bridge's own GitLab "
                    + "token, which the IdP must never manage" + LEFT);
        }
        Optional<Identity> saml = u.saml();
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

    private void rename(AuditTrail.Op op, String from, String to) {
        ObjectNode patch = JSON.objectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        patch.putArray("Operations").addObject().put("op", "replace").put("path", "externalId").put("value", to);
        audit.run(op, "externalId=" + from, "externalId=" + to, () -> scim.patchUser(from, patch));
    }

    @Override
    public void update(AuditTrail.Op op, UserRecord record, ScimUser before, ScimUser after) {
        // GitLab's SCIM ignores userName, email and name since 15.0: only a new externalId is worth a call.
        if (after.externalId().isEmpty() || after.externalId().equals(before.externalId())
                || before.externalId().isEmpty()) {
            return;
        }
        if (!after.active()) {
            // GitLab re-provisions an inactive identity on any PATCH but active=false (update_scim_user), a rename
            // included: the new externalId waits in the store, and reactivation takes it to GitLab.
            audit.note(op.on(topLevelGroup, List.of(record.gitlabUserId())), "externalId="
                    + before.externalId().get(), "externalId=" + after.externalId().get(),
                    AuditEvent.Outcome.NO_CHANGE, "kept in the store until the user is reactivated: any other PATCH "
                            + "re-provisions an inactive GitLab.com identity");
            return;
        }
        rename(op.on(topLevelGroup, List.of(record.gitlabUserId())), before.externalId().get(),
                after.externalId().get());
    }

    @Override
    public void deactivate(AuditTrail.Op op, UserRecord record) {
        if (policies.deprovision() == DeprovisionPolicy.REMOVE_MEMBERSHIPS) {
            return;
        }
        // The record says inactive already; GitLab's identity is still active.
        offboard(op, record, true);
    }

    /**
     * Takes the user out of the whole hierarchy, whatever granted the memberships. GitLab's SCIM deprovisioning
     * first: it marks the identity inactive (a PATCH re-provisions it later) and removes the top-level membership
     * with its cascade, but only when there is one (ee/lib/gitlab/scim/group/deprovisioning_service.rb), so a user
     * granted in subgroups or projects only would keep them. Then {@code DELETE /groups/:top/billable_members/:user_id}
     * removes whatever is left below the top-level group; "No member found" means nothing was. Only then are the
     * markers forgotten: after a failure they still name what to remove, and the retry does it.
     */
    private void offboard(AuditTrail.Op request, UserRecord record, boolean identityActive) {
        AuditTrail.Op op = request.on(topLevelGroup, List.of(record.gitlabUserId()));
        deprovision(op, record, identityActive);
        long id = record.gitlabUserId();
        try {
            // "No member found": nothing was left below the top-level group, audited as no change.
            audit.runChecked(op, "memberships of user " + id, "none in " + top.segment(), () -> {
                try {
                    gl.members().removeFromHierarchy(top, id);
                    return true;
                } catch (GitLabException e) {
                    if (nothingLeft(e)) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (GitLabException e) {
            if (refusedToTheBridge(e)) {
                // Not the IdP's fault, and not one a retry mends: the token is not an Owner of the top-level group
                // (or the group is not top-level). The markers stay, naming what is still to remove.
                throw ScimException.status(502, "GitLab refused to remove user " + id + " from " + top.segment()
                        + " (" + e.gitlabMessage() + "): the bridge's token must belong to an Owner of the top-level "
                        + "group; GitLab's SCIM deprovisioning went through").withCause(e);
            }
            throw e;
        }
        store.managedOf(id).forEach(m -> store.removeManaged(id, m.path()));
    }

    private static boolean refusedToTheBridge(GitLabException e) {
        return e.kind() == GitLabException.Kind.VALIDATION && (e.gitlabMessage().contains("unauthorized")
                || e.gitlabMessage().contains("must be top-level"));
    }

    /**
     * GitLab's SCIM deprovisioning of the identity, by the externalId GitLab knows. An identity already inactive
     * (a user deactivated before, now deleted) is left alone: it is deprovisioned, and a PATCH is all GitLab needs
     * to re-provision it.
     */
    private void deprovision(AuditTrail.Op op, UserRecord record, boolean identityActive) {
        if (identityActive) {
            try {
                setActive(op, requireExternalId(record), false);
                return;
            } catch (GitLabException e) {
                if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                    throw e;
                }
                // GitLab knows the identity under another externalId: found below.
            }
        }
        gitlabIdentity(record).filter(i -> i.path("active").asBoolean(true))
                .ifPresent(i -> setActive(op, i.path("id").asText(), false));
    }

    /** GitLab's answer when the user holds no membership in the hierarchy any more: the removal is complete. */
    private static boolean nothingLeft(GitLabException e) {
        return e.kind() == GitLabException.Kind.VALIDATION && e.gitlabMessage().contains("No member found");
    }

    private static String requireExternalId(UserRecord record) {
        return record.externalId().orElseThrow(() -> ScimException.status(500, "user without externalId"));
    }

    /**
     * The user's identity in GitLab's SCIM. Its id is the externalId GitLab last heard: the stored one, unless it
     * changed while the user was inactive (see {@link #update}); then GitLab finds the identity by the account's
     * username ({@code userName eq}: extern uid first, then the user of that username, ee/app/finders/authn/
     * group_scim_finder.rb).
     */
    private Optional<ObjectNode> gitlabIdentity(UserRecord record) {
        Optional<ObjectNode> byId = record.externalId().flatMap(scim::getUser);
        if (byId.isPresent()) {
            return byId;
        }
        Optional<GitLabUser> account = gl.users().find(record.gitlabUserId());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        String username = account.get().username();
        ObjectNode page = scim.listUsers(Optional.of("userName eq \"" + username + "\""), 1, 1);
        for (var hit : page.path("Resources")) {
            if (hit instanceof ObjectNode o && o.path("userName").asText().equalsIgnoreCase(username)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    @Override
    public Account reactivate(AuditTrail.Op request, UserRecord record, ScimUser user) {
        Optional<ObjectNode> current = gitlabIdentity(record);
        if (current.isEmpty()) {
            return provision(request, user);
        }
        AuditTrail.Op op = request.on(topLevelGroup, List.of(record.gitlabUserId()));
        String gitlabExternalId = current.get().path("id").asText();
        if (!current.get().path("active").asBoolean(true)) {
            setActive(op, gitlabExternalId, true);
        }
        // Active again, the identity may be renamed: to what the IdP says now (stored while inactive, or in this
        // very request).
        Optional<String> wanted = user.externalId().or(record::externalId);
        if (wanted.isPresent() && !wanted.get().equals(gitlabExternalId)) {
            rename(op, gitlabExternalId, wanted.get());
        }
        return new Account(record.gitlabUserId(), current.get().path("userName").asText());
    }

    @Override
    public void delete(AuditTrail.Op op, UserRecord record) {
        if (policies.delete() != DeletePolicy.REMOVE_MEMBERSHIPS) {
            // GitLab.com cannot block or delete an account: out of the whole hierarchy is the strongest step.
            offboard(op, record, record.active());
        }
    }

    @Override
    public boolean deleteTakesMemberships() {
        // The offboarding removes every membership of the hierarchy.
        return policies.delete() != DeletePolicy.REMOVE_MEMBERSHIPS;
    }
}
