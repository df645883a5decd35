package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.patch.AttributeChange;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.QueryResult;
import io.scimlab.core.server.RequestContext;
import io.scimlab.core.server.ResourceProvider;
import io.scimlab.core.server.ResourceQuery;
import io.scimlab.core.server.ResourceUpdate;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * SCIM Groups backed by the {@link io.scimlab.gitlab.state.StateStore}; their members get the GitLab group and
 * project memberships the {@link RoleMapping} grants.
 *
 * <p>The SCIM id is a random UUID. A group's state (displayName, externalId, members) is stored with a version;
 * {@link #update} honours {@link ResourceUpdate}'s version rule and stores with compare-and-set, so concurrent
 * PATCHes lose no member. A change touches only the users it concerns: a member add or remove recomputes those
 * users' effective access (highest level over all their mapped groups) and applies the difference to the
 * memberships the bridge manages, batching every user added to one GitLab group or project at one level into one
 * request. A rename or new externalId recomputes all members (the mapping may differ). Memberships the bridge did
 * not create are never changed (see {@link AdoptPolicy}).
 *
 * <p>Members may be groups ({@link NestedGroupPolicy}): a group's grants then reach every user in its transitive
 * membership, and a change to a member group recomputes the users it adds or removes in the grants of every group
 * above it. A member is a group by its {@code type}, its {@code $ref} or, without either, its id. Deleting a group
 * takes it out of the groups it was a member of.
 */
public final class GitLabGroupProvider implements ResourceProvider {
    private final Target target;
    private final StateStore store;
    private final WriteSection section;
    private final Clock clock;
    private final RoleMapping mapping;
    private final MembershipPlanner planner;
    private final ChangeRunner runner;
    private final NestedGroups nested;
    private final ResourceTypeDefinition type;

    GitLabGroupProvider(Target target, StateStore store, WriteSection section, Clock clock, RoleMapping mapping,
            MembershipPlanner planner, ChangeRunner runner, NestedGroups nested, ResourceTypeDefinition type) {
        this.target = target;
        this.store = store;
        this.section = section;
        this.clock = clock;
        this.mapping = mapping;
        this.planner = planner;
        this.runner = runner;
        this.nested = nested;
        this.type = type;
    }

    @Override
    public ResourceTypeDefinition resourceType() {
        return type;
    }

    /**
     * Every write runs here: in the write section, starting from the keys the request names (the group, the member
     * values it adds or removes) and holding, before it changes anything, the keys of everything it touches
     * ({@link #keys}); with GitLab's errors translated to SCIM errors once, on the way out.
     */
    private <T> T write(Set<LockKey> start, Supplier<T> work, String what) {
        return ScimErrors.translated(() -> section.run(start, work, what));
    }

    /**
     * What a group change locks: the group; the users whose access it recomputes; and, for nested groups, the member
     * groups it adds or removes (all of them when it creates, deletes or renames the group) and every group above it,
     * whose grants reach those users through it. Any two changes whose users' access depends on each other then
     * share a key: a change below a group locks that group as an ancestor, a change of the group's edges locks it as
     * a member group, and a change to one user's groups locks the user.
     */
    private static Set<LockKey> keys(String groupId, @Nullable GroupRecord cur, @Nullable GroupRecord next,
            Set<String> affected, GroupGraph graph) {
        Set<LockKey> keys = new HashSet<>();
        keys.add(LockKey.group(groupId));
        affected.forEach(u -> keys.add(LockKey.user(u)));
        Set<String> before = cur == null ? Set.of() : cur.memberGroups();
        Set<String> after = next == null ? Set.of() : next.memberGroups();
        boolean whole = cur == null || next == null || !cur.displayName().equals(next.displayName())
                || !cur.externalId().equals(next.externalId());
        before.stream().filter(c -> whole || !after.contains(c)).forEach(c -> keys.add(LockKey.group(c)));
        after.stream().filter(c -> whole || !before.contains(c)).forEach(c -> keys.add(LockKey.group(c)));
        graph.ancestors(groupId).forEach(a -> keys.add(LockKey.group(a)));
        return keys;
    }

    /** The keys a request names before anything is read: the group and the member values its change names. */
    private static Set<LockKey> named(String groupId, Optional<AttributeChange> change) {
        Set<LockKey> keys = new HashSet<>();
        keys.add(LockKey.group(groupId));
        change.ifPresent(c -> {
            // Users, most often; a value that names a group only adds a key nobody else takes.
            c.addedValues().forEach(v -> keys.add(LockKey.user(v)));
            c.removedValues().forEach(v -> keys.add(LockKey.user(v)));
        });
        return keys;
    }

    @Override
    public ScimResource create(ScimResource resource, RequestContext context) {
        // The new group's id (random: nobody else can name it yet), its name and the members the request names.
        String id = UUID.randomUUID().toString();
        Set<LockKey> start = new HashSet<>(Set.of(LockKey.group(id)));
        for (JsonNode m : resource.get("members")) {
            JsonNode v = m.isObject() ? ScimResource.member(m, "value") : m;
            if (v.isTextual()) {
                start.add(LockKey.user(v.asText()));
            }
        }
        Optional.ofNullable(resource.get("displayName").textValue()).ifPresent(n -> start.add(LockKey.groupName(n)));
        return write(start, () -> {
            String displayName = displayName(resource);
            Optional<String> externalId = externalId(resource);
            checkMapped(displayName, externalId);
            try (Stream<GroupRecord> all = store.groups()) {
                if (all.anyMatch(g -> g.displayName().equalsIgnoreCase(displayName))) {
                    throw ScimException.of(ScimType.UNIQUENESS, "a group named " + Bounds.echo(displayName)
                            + " exists");
                }
            }
            UserRecords users = new UserRecords(store);
            GroupMembers members = GroupMembers.of(resource, users, store, GroupMembers.none());
            checkMembers(members.users(), users);
            Instant now = clock.instant();
            GroupRecord next = new GroupRecord(id, displayName, externalId,
                    members.users(), members.groups(), 1, now, now);
            MembershipPlanner.Pending change = new MembershipPlanner.Pending(next.scimId(), next);
            GroupGraph graph = planner.graph(change);
            nested.check(next, null, graph);
            Set<String> affected = affectedUsers(null, next, Optional.empty());
            Set<LockKey> keys = keys(next.scimId(), null, next, affected, graph);
            keys.add(LockKey.groupName(displayName));
            section.require(keys);
            AuditTrail.Op op = new AuditTrail.Op(context, "POST /Groups").group(next.scimId()).resolving(users);
            runner.apply(op, planner.planIn(affected, users, graph));
            if (!store.putGroup(next, 0)) {
                throw ResourceProvider.versionConflict(next.scimId());
            }
            return ScimResources.group(next);
        }, "POST /Groups");
    }

    @Override
    public Optional<ScimResource> get(String id, RequestContext context) {
        return store.group(id).map(ScimResources::group);
    }

    @Override
    public ScimResource update(ResourceUpdate update, RequestContext context) {
        return write(named(update.id(), update.changes().change("members")), () -> {
            GroupRecord cur = store.group(update.id())
                    .orElseThrow(() -> ScimException.notFound("Group " + update.id() + " not found"));
            ScimResources.requireBase(update, cur.version());
            if (update.changes().isEmpty()) {
                return ScimResources.group(cur);
            }
            String displayName = displayName(update.after());
            Optional<String> externalId = externalId(update.after());
            checkMapped(displayName, externalId);
            UserRecords users = new UserRecords(store);
            GroupMembers members = GroupMembers.of(update.after(), users, store, new GroupMembers(cur.members(),
                    cur.memberGroups()));
            Set<String> added = new LinkedHashSet<>(members.users());
            added.removeAll(cur.members());
            checkMembers(added, users);
            GroupRecord next = cur.next(displayName, externalId, members.users(), members.groups(),
                    clock.instant());
            MembershipPlanner.Pending change = new MembershipPlanner.Pending(cur.scimId(), next);
            GroupGraph graph = planner.graph(change);
            nested.check(next, cur, graph);
            Set<String> affected = affectedUsers(cur, next, update.changes().change("members"));
            section.require(keys(cur.scimId(), cur, next, affected, graph));
            AuditTrail.Op op = new AuditTrail.Op(context, (update.replace() ? "PUT" : "PATCH") + " /Groups/"
                    + update.id()).group(update.id()).resolving(users);
            runner.apply(op, planner.planIn(affected, users, graph));
            if (!store.putGroup(next, cur.version())) {
                throw ResourceProvider.versionConflict(update.id());
            }
            return ScimResources.group(next);
        }, "PATCH /Groups");
    }

    @Override
    public void delete(String id, RequestContext context) {
        Set<LockKey> start = named(id, Optional.empty());
        // Its members' keys from a read before locking: a guess, checked under the locks.
        store.group(id).ifPresent(g -> g.members().forEach(u -> start.add(LockKey.user(u))));
        write(start, () -> {
            GroupRecord cur = store.group(id)
                    .orElseThrow(() -> ScimException.notFound("Group " + id + " not found"));
            UserRecords users = new UserRecords(store);
            MembershipPlanner.Pending change = new MembershipPlanner.Pending(id, null);
            Set<String> affected = affectedUsers(cur, null, Optional.empty());
            // The stored graph: the deleted group's parents are still there to be locked.
            section.require(keys(id, cur, null, affected, planner.graph(null)));
            AuditTrail.Op op = new AuditTrail.Op(context, "DELETE /Groups/" + id).group(id).resolving(users);
            runner.apply(op, planner.plan(affected, users, change));
            if (!store.removeGroup(id, cur.version())) {
                throw ResourceProvider.versionConflict(id);
            }
            leaveParents(id);
            return null;
        }, "DELETE /Groups");
    }

    /**
     * The users a group change affects, nested groups included: the planner's answer
     * ({@link MembershipPlanner#affectedUsers}), the one place that knows it, for the plan and for anything keyed
     * by user (such as per-user write locks).
     *
     * @param cur    the stored group, null when it is being created
     * @param next   the group as it will be stored, null when it is being deleted
     * @param change the request's change to {@code members}, if it has one
     */
    private Set<String> affectedUsers(@Nullable GroupRecord cur, @Nullable GroupRecord next,
            Optional<AttributeChange> change) {
        List<String> named = new ArrayList<>();
        // The change set names the values too; taken in case the stored record lagged behind.
        change.ifPresent(c -> {
            named.addAll(c.addedValues());
            named.addAll(c.removedValues());
        });
        return planner.affectedUsers(cur, next, named);
    }

    /**
     * Takes a deleted group out of the groups it was a member of (compare-and-set against concurrent PATCHes of
     * those groups: re-read until it sticks). Their users' access is already planned: the deleted group's users lost
     * what came through it.
     */
    private void leaveParents(String groupId) {
        for (GroupRecord p : store.parentsOf(groupId)) {
            for (GroupRecord cur = p; cur != null; cur = store.group(cur.scimId()).orElse(null)) {
                Set<String> groups = new HashSet<>(cur.memberGroups());
                if (!groups.remove(groupId) || store.putGroup(cur.next(cur.displayName(), cur.externalId(),
                        cur.members(), groups, clock.instant()), cur.version())) {
                    break;
                }
            }
        }
    }

    @Override
    public QueryResult query(ResourceQuery query, RequestContext context) {
        Optional<Pushdown> push = query.filter().flatMap(f -> Pushdown.of(f, SchemaRegistry.GROUP_SCHEMA));
        Stream<GroupRecord> all = store.groups();
        if (push.isEmpty()) {
            return QueryResult.unfiltered(all.map(ScimResources::group));
        }
        Pushdown p = push.get();
        Stream<GroupRecord> hits = switch (p.attribute()) {
            case "id" -> all.filter(g -> g.scimId().equals(p.value()));
            case "displayname" -> all.filter(g -> g.displayName().equalsIgnoreCase(p.value()));
            case "externalid" -> all.filter(g -> g.externalId().map(p.value()::equals).orElse(false));
            default -> all;
        };
        boolean exact = p.exact() && !p.attribute().equals("username") && !p.attribute().equals("email");
        return exact ? QueryResult.filtered(hits.map(ScimResources::group)) : QueryResult.unfiltered(hits.map(
                ScimResources::group));
    }

    private void checkMapped(String displayName, Optional<String> externalId) {
        if (mapping.unmapped() == RoleMapping.Unmapped.REJECT
                && mapping.grantsFor(displayName, externalId.orElse(null)).isEmpty()) {
            throw ScimException.invalidValue("group " + Bounds.echo(displayName)
                    + " is not mapped to any GitLab group");
        }
    }

    /** Every member user must be a provisioned user (read once: the plan uses the same records). */
    private static void checkMembers(Set<String> members, UserRecords users) {
        for (String m : members) {
            if (users.get(m).isEmpty()) {
                throw ScimException.invalidValue("members: no user with id " + Bounds.echo(m));
            }
        }
    }

    /**
     * The displayName, bounded before it reaches the mapping's regular expressions and, through a rule, a GitLab
     * path (an unbounded one made GitLab requests fail as if GitLab were down: 503 for ever).
     */
    private static String displayName(ScimResource r) {
        JsonNode n = r.get("displayName");
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ScimException.invalidValue("displayName is required");
        }
        return Bounds.require("displayName", n.asText(), Bounds.GROUP_DISPLAY_NAME);
    }

    private static Optional<String> externalId(ScimResource r) {
        return Optional.ofNullable(r.externalId()).map(x -> Bounds.require("externalId", x, Bounds.EXTERNAL_ID));
    }

    @Override
    public String toString() {
        return "GitLabGroupProvider[" + target + ", " + Objects.toString(mapping) + "]";
    }
}
