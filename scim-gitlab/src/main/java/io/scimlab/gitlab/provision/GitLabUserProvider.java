package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.QueryResult;
import io.scimlab.core.server.RequestContext;
import io.scimlab.core.server.ResourceProvider;
import io.scimlab.core.server.ResourceQuery;
import io.scimlab.core.server.ResourceUpdate;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * SCIM Users backed by GitLab users.
 *
 * <p>The SCIM id is GitLab's numeric user id (as a string) of the account first provisioned for the user, in
 * both targets; it stays the same when the externalId changes and when a deleted account has to be re-created.
 * externalId is the user's identity ({@code extern_uid}) for the configured provider. On a self-managed
 * instance username, email (confirmed at once) and name follow SCIM; on GitLab.com only externalId and active
 * reach GitLab (its SCIM ignores the rest), the other attributes are kept in the {@link
 * io.scimlab.gitlab.state.StateStore}. {@code active=false} follows the {@link DeprovisionPolicy}, DELETE the
 * {@link DeletePolicy}; inactive users stay readable and filterable. Revocation goes first: a PATCH or PUT that
 * sets {@code active=false} deactivates the user and stores them inactive before its other changes are tried, and
 * keeps that when one of those fails (the only exception to an update being all or nothing).
 *
 * <p>Filters {@code id}, {@code userName}, {@code externalId} and {@code emails.value} / {@code emails[value eq]}
 * with {@code eq} are answered by direct lookups ({@link QueryResult#filtered}); anything else is a lazily
 * streamed scan of GitLab's users (self-managed) or of the provisioned users (GitLab.com) for the server to
 * filter. Creates, updates and deletes of one bridge are serialised, so concurrent replays of one request never
 * create two accounts.
 *
 * <p>A user marked as a service account ({@link ServiceAccounts#isServiceAccount}) becomes a GitLab service
 * account instead of a person's account, with the same role mapping; deactivating or deleting it also revokes
 * all its tokens (see {@link io.scimlab.gitlab.serviceaccount.ServiceAccountTokens}). The marker is fixed at
 * creation: changing it is a 400 {@code mutability} error.
 */
public final class GitLabUserProvider implements ResourceProvider {
    private final GitLabTarget target;
    private final Policies policies;
    private final StateStore store;
    private final WriteSection section;
    private final Clock clock;
    private final UserBackend people;
    private final UserBackend bots;
    private final MembershipPlanner planner;
    private final ChangeRunner runner;
    private final ResourceTypeDefinition type;
    private final PendingWrites pending;

    GitLabUserProvider(GitLabTarget target, Policies policies, StateStore store, WriteSection section, Clock clock,
            UserBackend people, UserBackend bots, MembershipPlanner planner, ChangeRunner runner,
            ResourceTypeDefinition type, PendingWrites pending) {
        this.pending = pending;
        this.target = target;
        this.policies = policies;
        this.store = store;
        this.section = section;
        this.clock = clock;
        this.people = people;
        this.bots = bots;
        this.planner = planner;
        this.runner = runner;
        this.type = type;
    }

    @Override
    public ResourceTypeDefinition resourceType() {
        return type;
    }

    /**
     * Every write runs here: in the write section, holding the keys of the user it changes and of the names it
     * claims (replicas sharing a database lock like one bridge), with GitLab's errors translated to SCIM errors
     * once, on the way out.
     */
    private <T> T write(Set<LockKey> keys, Supplier<T> work, String what) {
        return ScimErrors.translated(() -> section.run(keys, work, what));
    }

    /**
     * The names a write claims, as the request spells them (checked inside the section): no other create or rename
     * may take them meanwhile.
     */
    private static Set<LockKey> names(ScimResource resource) {
        Set<LockKey> keys = new HashSet<>();
        JsonNode userName = resource.get("userName");
        if (userName.isValueNode() && !userName.isNull()) {
            keys.add(LockKey.userName(userName.asText()));
        }
        Optional.ofNullable(resource.externalId()).ifPresent(x -> keys.add(LockKey.externalId(x)));
        return keys;
    }

    @Override
    public ScimResource create(ScimResource resource, RequestContext context) {
        return write(names(resource), () -> {
            ScimUser user = ScimUser.of(resource);
            AuditTrail.Op op = new AuditTrail.Op(context, "POST /Users");
            Optional<UserRecord> known = user.externalId().flatMap(store::userByExternalId)
                    .or(() -> store.userByUserName(user.userName()));
            known.ifPresent(k -> section.require(Set.of(LockKey.user(k.scimId()))));
            if (known.isPresent()) {
                if (known.get().active()) {
                    throw ScimException.of(ScimType.UNIQUENESS, "a user with this userName or externalId exists");
                }
                // Re-provisioning a deactivated user: re-activate and re-link under the same SCIM id.
                return reprovision(known.get(), resource, user, op.user(known.get().scimId()));
            }
            UserBackend backend = backend(user);
            UserBackend.Account account = backend.provision(op, user);
            // The account's id is known only now: its key is taken inside the section (the account is new, or a
            // deactivated user's: nobody else writes it in the common case).
            return section.run(Set.of(LockKey.user(Long.toString(account.id()))), () -> stored(resource, user, op,
                    backend, account, new UserRecords(store)));
        }, "POST /Users");
    }

    /** The rest of a create, once the account exists: under the key of the record it becomes. */
    private ScimResource stored(ScimResource resource, ScimUser user, AuditTrail.Op op, UserBackend backend,
            UserBackend.Account account, UserRecords users) {
        Optional<UserRecord> linked = users.byGitLabId(account.id());
        LockKey linkedKey = LockKey.user(linked.map(UserRecord::scimId).orElse(Long.toString(account.id())));
        if (!section.holds(linkedKey)) {
            // Rare: an account re-created under an older SCIM id; that record is read again under its key.
            return section.run(Set.of(linkedKey), () -> stored(resource, user, op, backend, account,
                    new UserRecords(store)));
        }
        if (linked.isPresent() && linked.get().active()) {
            throw ScimException.of(ScimType.UNIQUENESS, "GitLab user " + account.username()
                    + " is already provisioned as SCIM user " + linked.get().scimId());
        }
        Instant now = clock.instant();
        String id = linked.map(UserRecord::scimId).orElse(Long.toString(account.id()));
        UserRecord rec = new UserRecord(id, account.id(), user.userName(), user.externalId(), user.active(),
                attributes(resource), linked.map(r -> r.version() + 1).orElse(1L),
                linked.map(UserRecord::created).orElse(now), now);
        // From here on the SCIM id is known (before, the events name the SCIM user by the new account's id).
        AuditTrail.Op created = op.user(id);
        if (!user.active()) {
            backend.deactivate(created, rec);
        }
        runner.apply(created, planner.plan(List.of(id), users.with(rec), null));
        store.putUser(rec);
        // Stored: a retry now finds the record, so the create's pending record has served its purpose.
        account.pendingKey().ifPresent(k -> pending.done(PendingWrites.ACCOUNT, k));
        return ScimResources.user(rec);
    }

    private ScimResource reprovision(UserRecord old, ScimResource resource, ScimUser user, AuditTrail.Op op) {
        UserBackend backend = backend(old);
        fixedKind(old, user);
        UserBackend.Account account = backend.reactivate(op, old, user);
        UserRecord interim = copy(old, account.id(), old.userName(), old.externalId(), true, old.attributes(),
                old.version());
        backend.update(op, interim, fromRecord(old), user);
        UserRecord rec = copy(old, account.id(), user.userName(), user.externalId(), user.active(),
                attributes(resource), old.version() + 1);
        runner.apply(op, planner.plan(List.of(rec.scimId()), new UserRecords(store).with(rec), null));
        store.putUser(rec);
        return ScimResources.user(rec);
    }

    private static ScimUser fromRecord(UserRecord r) {
        return ScimUser.of(ScimResource.of(r.attributes()));
    }

    @Override
    public Optional<ScimResource> get(String id, RequestContext context) {
        return store.user(id).map(ScimResources::user);
    }

    @Override
    public ScimResource update(ResourceUpdate update, RequestContext context) {
        // The user, and the names a rename claims.
        Set<LockKey> keys = names(update.after());
        keys.add(LockKey.user(update.id()));
        return write(keys, () -> {
            UserRecord rec = store.user(update.id())
                    .orElseThrow(() -> ScimException.notFound("User " + update.id() + " not found"));
            ScimResources.requireBase(update, rec.version());
            if (update.changes().isEmpty()) {
                return ScimResources.user(rec);
            }
            AuditTrail.Op op = new AuditTrail.Op(context, (update.replace() ? "PUT" : "PATCH") + " /Users/"
                    + update.id()).user(update.id());
            if (rec.active() && !ScimUser.active(update.after())) {
                rec = revoke(op, rec);
            }
            ScimUser before = ScimUser.of(update.before());
            ScimUser after = ScimUser.of(update.after());
            ObjectNode attributes = attributes(update.after());
            if (isServiceAccount(rec) && !after.serviceAccount()) {
                // IdPs PUT whole users and may leave the marker out: a service account stays one.
                keepServiceAccountMarker(attributes);
                after = ScimUser.of(ScimResource.of(attributes));
            }
            if (after.externalId().isEmpty() && rec.externalId().isPresent()) {
                // An update that omits externalId (a PUT without it) keeps the stored one: GitLab keeps the
                // identity, and GitLab.com deprovisions by it.
                attributes.put("externalId", rec.externalId().get());
                after = ScimUser.of(ScimResource.of(attributes));
            }
            fixedKind(rec, after);
            unique(rec, after);
            UserBackend backend = backend(rec);
            long gitlabId = rec.gitlabUserId();
            boolean reactivating = !rec.active() && after.active();
            if (reactivating) {
                gitlabId = backend.reactivate(op, rec, after).id();
            }
            UserRecord next = copy(rec, gitlabId, after.userName(), after.externalId(), after.active(),
                    attributes, rec.version() + 1);
            backend.update(op, next, before, after);
            if (reactivating) {
                runner.apply(op, planner.plan(List.of(next.scimId()), new UserRecords(store).with(next), null));
            }
            store.putUser(next);
            return ScimResources.user(next);
        }, "PATCH /Users");
    }

    /**
     * Revocation goes first and stands on its own: an update that sets {@code active=false} deactivates the user
     * in GitLab (the deprovision policy, memberships included) and stores the user inactive before any other change
     * of the same request is tried. When one of those fails (an email another GitLab user has: 409, which identity
     * providers do not retry), the error is answered for them, but the user stays deprovisioned, in GitLab and in
     * the store. The one exception to an update being all or nothing.
     *
     * @return the stored inactive record (the other attributes as before)
     */
    private UserRecord revoke(AuditTrail.Op op, UserRecord rec) {
        ObjectNode attributes = rec.attributes();
        attributes.put("active", false);
        UserRecord revoked = copy(rec, rec.gitlabUserId(), rec.userName(), rec.externalId(), false, attributes,
                rec.version() + 1);
        backend(rec).deactivate(op, revoked);
        runner.apply(op, planner.plan(List.of(revoked.scimId()), new UserRecords(store).with(revoked), null));
        store.putUser(revoked);
        return revoked;
    }

    private static void keepServiceAccountMarker(ObjectNode attributes) {
        attributes.putObject(ServiceAccounts.EXTENSION_URN).put(ServiceAccounts.ATTRIBUTE, true);
        ArrayNode schemas = attributes.withArray("schemas");
        for (JsonNode urn : schemas) {
            if (urn.asText().equalsIgnoreCase(ServiceAccounts.EXTENSION_URN)) {
                return;
            }
        }
        schemas.add(ServiceAccounts.EXTENSION_URN);
    }

    private UserBackend backend(ScimUser user) {
        return user.serviceAccount() ? bots : people;
    }

    private UserBackend backend(UserRecord rec) {
        return isServiceAccount(rec) ? bots : people;
    }

    static boolean isServiceAccount(UserRecord rec) {
        return ServiceAccounts.isServiceAccount(ScimResource.of(rec.attributes()));
    }

    /**
     * A person cannot become a service account or back: they are different kinds of GitLab account (an update that
     * leaves the marker out keeps a service account one, see {@link #update}).
     */
    private static void fixedKind(UserRecord rec, ScimUser next) {
        if (isServiceAccount(rec) != next.serviceAccount()) {
            throw ScimException.of(ScimType.MUTABILITY, "whether a user is a service account is fixed at "
                    + "creation: delete the user and create it anew");
        }
    }

    private void unique(UserRecord rec, ScimUser after) {
        if (store.userByUserName(after.userName()).filter(o -> !o.scimId().equals(rec.scimId())).isPresent()) {
            throw ScimException.of(ScimType.UNIQUENESS, "userName is taken");
        }
        if (after.externalId().flatMap(store::userByExternalId).filter(o -> !o.scimId().equals(rec.scimId()))
                .isPresent()) {
            throw ScimException.of(ScimType.UNIQUENESS, "externalId is taken");
        }
    }

    @Override
    public void delete(String id, RequestContext context) {
        write(Set.of(LockKey.user(id)), () -> {
            UserRecord rec = store.user(id).orElseThrow(() -> ScimException.notFound("User " + id + " not found"));
            AuditTrail.Op op = new AuditTrail.Op(context, "DELETE /Users/" + id).user(id);
            UserBackend backend = backend(rec);
            // The account first (block, delete, or out of the hierarchy): access ends with the first call, before
            // the member deletions, which GitLab's rate limit may spread over several retries of this request.
            backend.delete(op, rec);
            if (!backend.deleteTakesMemberships()) {
                runner.apply(op, planner.removeAll(rec.gitlabUserId()));
            } else {
                // Gone with the account (or the whole hierarchy): so is whatever unconfirmed member writes did.
                pending.forgetMembers(rec.gitlabUserId());
            }
            leaveGroups(id);
            store.removeUser(id);
            return null;
        }, "DELETE /Users");
    }

    private void leaveGroups(String userId) {
        for (GroupRecord g : store.groupsOf(userId)) {
            // Compare-and-set against concurrent group PATCHes from other nodes: re-read until it sticks.
            for (GroupRecord cur = g; cur != null; cur = store.group(cur.scimId()).orElse(null)) {
                Set<String> members = new HashSet<>(cur.members());
                if (!members.remove(userId) || store.putGroup(cur.next(cur.displayName(), cur.externalId(),
                        members, clock.instant()), cur.version())) {
                    break;
                }
            }
        }
    }

    @Override
    public QueryResult query(ResourceQuery query, RequestContext context) {
        Optional<Pushdown> push = query.filter().flatMap(f -> Pushdown.of(f, SchemaRegistry.USER_SCHEMA))
                .filter(p -> !p.attribute().equals("displayname"));
        if (push.isEmpty()) {
            return QueryResult.unfiltered(ScimErrors.translated(scan()));
        }
        Stream<ScimResource> found = lookup(push.get());
        return push.get().exact() ? QueryResult.filtered(found) : QueryResult.unfiltered(found);
    }

    private Stream<ScimResource> lookup(Pushdown p) {
        String v = p.value();
        Optional<UserRecord> hit = switch (p.attribute()) {
            case "id" -> store.user(v);
            case "username" -> store.userByUserName(v);
            case "externalid" -> store.userByExternalId(v);
            default -> Optional.empty();
        };
        if (p.attribute().equals("email")) {
            return store.users().filter(r -> hasEmail(r.attributes(), v)).map(ScimResources::user);
        }
        return hit.map(ScimResources::user).stream();
    }

    private static boolean hasEmail(ObjectNode attrs, String email) {
        for (JsonNode e : ScimResource.member(attrs, "emails")) {
            if (ScimResource.member(e, "value").asText("").equalsIgnoreCase(email)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every provisioned user, lazily: on self-managed instances GitLab's users page by page, joined with the
     * records (an account deleted in GitLab drops out; inactive users stay, as Okta and Entra require); on
     * GitLab.com the records.
     */
    private Stream<ScimResource> scan() {
        if (!target.selfManaged()) {
            return store.users().map(ScimResources::user);
        }
        // A fresh lookup per user: a memo over the whole scan would hold every record at once.
        Stream<ScimResource> live = target.client().users().list().filter(u -> !u.bot())
                .flatMap(u -> new UserRecords(store).byGitLabId(u.id()).map(ScimResources::user).stream());
        // Users deprovisioned by deleting their account (DELETE policy) have no GitLab user but stay readable.
        Stream<ScimResource> deleted = Stream.of(0).flatMap(x -> store.users()
                .filter(r -> !r.active() && policies.deprovision() == DeprovisionPolicy.DELETE
                        && !isServiceAccount(r))
                .map(ScimResources::user));
        // Service accounts are bots in GitLab's user list: their records are the list.
        Stream<ScimResource> bots = Stream.of(0).flatMap(x -> store.users()
                .filter(GitLabUserProvider::isServiceAccount).map(ScimResources::user));
        return Stream.concat(Stream.concat(live, deleted), bots);
    }

    private static ObjectNode attributes(ScimResource r) {
        ObjectNode j = r.toJson();
        j.remove("id");
        j.remove("meta");
        j.remove("password");
        return j;
    }

    private UserRecord copy(UserRecord r, long gitlabId, String userName, Optional<String> externalId,
            boolean active, ObjectNode attributes, long version) {
        return new UserRecord(r.scimId(), gitlabId, userName, externalId, active, attributes, version, r.created(),
                clock.instant());
    }

    @Override
    public String toString() {
        return "GitLabUserProvider[" + target.kind() + "]";
    }
}
