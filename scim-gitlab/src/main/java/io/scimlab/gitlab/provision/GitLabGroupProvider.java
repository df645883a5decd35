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
import io.scimlab.gitlab.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * SCIM Groups backed by the {@link io.scimlab.gitlab.state.StateStore}; their members get the GitLab group
 * memberships the {@link RoleMapping} grants.
 *
 * <p>The SCIM id is a random UUID. A group's state (displayName, externalId, members) is stored with a version;
 * {@link #update} honours {@link ResourceUpdate}'s version rule and stores with compare-and-set, so concurrent
 * PATCHes lose no member. A change touches only the users it concerns: a member add or remove recomputes those
 * users' effective access (highest level over all their mapped groups) and applies the difference to the
 * memberships the bridge manages, batching every user added to one GitLab group at one level into one request.
 * A rename or new externalId recomputes all members (the mapping may differ). Memberships the bridge did not
 * create are never changed (see {@link AdoptPolicy}).
 */
public final class GitLabGroupProvider implements ResourceProvider {
    private final Target target;
    private final StateStore store;
    private final WriteSection section;
    private final Clock clock;
    private final RoleMapping mapping;
    private final MembershipPlanner planner;
    private final ChangeRunner runner;
    private final ResourceTypeDefinition type;

    GitLabGroupProvider(Target target, StateStore store, WriteSection section, Clock clock, RoleMapping mapping,
            MembershipPlanner planner, ChangeRunner runner, ResourceTypeDefinition type) {
        this.target = target;
        this.store = store;
        this.section = section;
        this.clock = clock;
        this.mapping = mapping;
        this.planner = planner;
        this.runner = runner;
        this.type = type;
    }

    @Override
    public ResourceTypeDefinition resourceType() {
        return type;
    }

    /**
     * Every write runs here: in the write section (replicas sharing a database serialise like one bridge), with
     * GitLab's errors translated to SCIM errors once, on the way out.
     */
    private <T> T write(Supplier<T> work) {
        return ScimErrors.translated(() -> section.run(work));
    }

    @Override
    public ScimResource create(ScimResource resource, RequestContext context) {
        return write(() -> {
            String displayName = displayName(resource);
            Optional<String> externalId = externalId(resource);
            Set<String> members = members(resource);
            checkMapped(displayName, externalId);
            try (Stream<GroupRecord> all = store.groups()) {
                if (all.anyMatch(g -> g.displayName().equalsIgnoreCase(displayName))) {
                    throw ScimException.of(ScimType.UNIQUENESS, "a group named " + Bounds.echo(displayName)
                            + " exists");
                }
            }
            UserRecords users = new UserRecords(store);
            checkMembers(members, users);
            Instant now = clock.instant();
            GroupRecord next = new GroupRecord(UUID.randomUUID().toString(), displayName, externalId, members, 1,
                    now, now);
            AuditTrail.Op op = new AuditTrail.Op(context, "POST /Groups").group(next.scimId()).resolving(users);
            runner.apply(op, planner.plan(members, users, new MembershipPlanner.Pending(next.scimId(), next)));
            if (!store.putGroup(next, 0)) {
                throw ResourceProvider.versionConflict(next.scimId());
            }
            return ScimResources.group(next);
        });
    }

    @Override
    public Optional<ScimResource> get(String id, RequestContext context) {
        return store.group(id).map(ScimResources::group);
    }

    @Override
    public ScimResource update(ResourceUpdate update, RequestContext context) {
        return write(() -> {
            GroupRecord cur = store.group(update.id())
                    .orElseThrow(() -> ScimException.notFound("Group " + update.id() + " not found"));
            ScimResources.requireBase(update, cur.version());
            if (update.changes().isEmpty()) {
                return ScimResources.group(cur);
            }
            String displayName = displayName(update.after());
            Optional<String> externalId = externalId(update.after());
            Set<String> members = members(update.after());
            checkMapped(displayName, externalId);
            Set<String> added = new LinkedHashSet<>(members);
            added.removeAll(cur.members());
            UserRecords users = new UserRecords(store);
            checkMembers(added, users);
            Set<String> affected = new LinkedHashSet<>();
            boolean remapped = !displayName.equals(cur.displayName()) || !externalId.equals(cur.externalId());
            if (remapped) {
                affected.addAll(cur.members());
                affected.addAll(members);
            } else {
                Optional<AttributeChange> change = update.changes().change("members");
                affected.addAll(added);
                cur.members().stream().filter(m -> !members.contains(m)).forEach(affected::add);
                // The change set names the values too; take them in case the stored record lagged behind.
                change.ifPresent(c -> {
                    affected.addAll(c.addedValues());
                    affected.addAll(c.removedValues());
                });
            }
            GroupRecord next = cur.next(displayName, externalId, members, clock.instant());
            AuditTrail.Op op = new AuditTrail.Op(context, (update.replace() ? "PUT" : "PATCH") + " /Groups/"
                    + update.id()).group(update.id()).resolving(users);
            runner.apply(op, planner.plan(affected, users, new MembershipPlanner.Pending(cur.scimId(), next)));
            if (!store.putGroup(next, cur.version())) {
                throw ResourceProvider.versionConflict(update.id());
            }
            return ScimResources.group(next);
    
        });
    }

    @Override
    public void delete(String id, RequestContext context) {
        write(() -> {
            GroupRecord cur = store.group(id)
                    .orElseThrow(() -> ScimException.notFound("Group " + id + " not found"));
            UserRecords users = new UserRecords(store);
            AuditTrail.Op op = new AuditTrail.Op(context, "DELETE /Groups/" + id).group(id).resolving(users);
            runner.apply(op, planner.plan(cur.members(), users, new MembershipPlanner.Pending(id, null)));
            if (!store.removeGroup(id, cur.version())) {
                throw ResourceProvider.versionConflict(id);
            }
            return null;
        });
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

    /** Every member must be a provisioned user (read once: the plan uses the same records). */
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

    private static Set<String> members(ScimResource r) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode m : r.get("members")) {
            JsonNode v = m.isObject() ? ScimResource.member(m, "value") : m;
            if (v.isValueNode() && !v.asText().isBlank()) {
                out.add(Bounds.require("members.value", v.asText(), Bounds.MEMBER_ID));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "GitLabGroupProvider[" + target + ", " + Objects.toString(mapping) + "]";
    }
}
