package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.List;
import java.util.Optional;

/**
 * Users on GitLab.com, relayed to the top-level group's SCIM API: GitLab.com forbids {@code /users} writes.
 * GitLab's SCIM is idempotent on externalId, links an existing account by email, and ignores every attribute
 * update except externalId and active, so userName/email/name changes are kept in the state store only.
 */
final class GitLabComUsers implements UserBackend {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GitLabClient gl;
    private final GitLabScim scim;
    private final Policies policies;
    private final StateStore store;
    private final AuditTrail audit;
    // GitLab's SCIM API is the top-level group's: its calls change that group's users.
    private final String topLevelGroup;

    GitLabComUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit) {
        this.gl = target.client();
        this.topLevelGroup = target.topLevelGroup().orElseThrow();
        this.scim = target.requireScim();
        this.policies = policies;
        this.store = store;
        this.audit = audit;
    }

    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        String email = user.requireEmail();
        String externalId = user.externalId().orElseThrow(() -> ScimException.invalidValue(
                "externalId is required: GitLab.com links users by their SAML identity"));
        String username = policies.usernames().baseUsername(user.userName(), user.email());
        if (policies.usernames().onClash() == UsernamePolicy.OnClash.CONFLICT) {
            Optional<ObjectNode> mine = scim.getUser(externalId);
            if (mine.isEmpty() && gl.users().findByUsername(username).isPresent()) {
                throw ScimException.of(ScimType.UNIQUENESS, "GitLab username " + username + " is taken");
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
        if (!created.path("active").asBoolean(true)) {
            // GitLab answers an earlier, deprovisioned identity as it is: re-provisioning must re-activate.
            setActive(op.on(topLevelGroup, List.of()), externalId, true);
        }
        String glName = created.path("userName").asText(username);
        GitLabUser u = gl.users().findByUsername(glName).orElseThrow(() -> ScimException.status(502,
                "GitLab provisioned the user but does not list it"));
        return new Account(u.id(), u.username());
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
