package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditRecord;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.report.AccessReport;
import io.scimlab.gitlab.report.AccessRow;
import io.scimlab.gitlab.report.AccessRow.Kind;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The rows of {@code GitLabBridge.accessReport()}: the reconciler's view (the store's users, groups and markers
 * against each mapped group's and project's direct members), explained instead of planned. Reads each group's and
 * project's direct members once, page by page, handing rows out as they come: one GitLab request per page, no
 * {@code /members/all} reads (inherited access shows in the parent's rows), and memory for the store's users, groups
 * and markers only, as the reconciler holds them.
 */
final class AccessReview implements AccessReport.Rows {
    private final StateStore store;
    private final MembershipPlanner planner;
    private final SourceMembers members;
    private final ServiceAccountTokens tokens;
    private final Optional<AuditStore> audit;

    AccessReview(GitLabTarget target, StateStore store, MembershipPlanner planner, ServiceAccountTokens tokens,
            Optional<AuditStore> audit) {
        this.store = store;
        this.planner = planner;
        this.members = new SourceMembers(target.client());
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public void forEach(Consumer<? super AccessRow> sink) {
        Map<Long, UserRecord> users = new HashMap<>();
        List<UserRecord> bots = new ArrayList<>();
        try (Stream<UserRecord> all = store.users()) {
            all.forEach(u -> {
                users.put(u.gitlabUserId(), u);
                if (GitLabUserProvider.isServiceAccount(u)) {
                    bots.add(u);
                }
            });
        }
        GroupGraph graph = planner.snapshot();
        Map<MemberSource, Map<Long, ManagedMembership>> markers = new TreeMap<>(Reconciler.ORDER);
        try (Stream<ManagedMembership> all = store.managed()) {
            all.forEach(m -> markers.computeIfAbsent(m.source(), k -> new HashMap<>()).put(m.gitlabUserId(), m));
        }
        Map<Long, Set<MemberSource>> unconfirmed = planner.unconfirmed();
        Set<MemberSource> sources = new TreeSet<>(Reconciler.ORDER);
        sources.addAll(markers.keySet());
        planner.mapping().entries().forEach(e -> sources.add(e.grant().source()));
        for (GroupRecord g : graph.all()) {
            planner.mapping().grantsFor(g.displayName(), g.externalId().orElse(null))
                    .forEach(grant -> sources.add(grant.source()));
        }
        unconfirmed.values().forEach(sources::addAll);
        for (MemberSource source : sources) {
            Map<Long, ManagedMembership> marked = markers.getOrDefault(source, new HashMap<>());
            Map<Long, Instant> since = since(source);
            try (Stream<Member> direct = members.direct(source)) {
                direct.forEach(m -> sink.accept(membership(source, m, users.get(m.userId()),
                        marked.remove(m.userId()), unconfirmed.getOrDefault(m.userId(), Set.of()).contains(source),
                        graph, since)));
            } catch (GitLabException e) {
                if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                    throw e;
                }
                sink.accept(new AccessRow(Kind.MISSING_TARGET, OptionalLong.empty(), "", Optional.empty(),
                        Optional.of(source), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                        Optional.empty(), OptionalLong.empty(), "GitLab has no " + source + " (or the token cannot "
                                + "see it): create it, or fix the role mapping"));
                continue;
            }
            marked.values().stream().sorted(Comparator.comparingLong(ManagedMembership::gitlabUserId))
                    .forEach(m -> sink.accept(removedByHand(source, m, users.get(m.gitlabUserId()), graph,
                            Optional.ofNullable(since.get(m.gitlabUserId())))));
        }
        serviceAccounts(sink, bots);
    }

    private AccessRow membership(MemberSource source, Member m, @Nullable UserRecord rec,
            @Nullable ManagedMembership marker, boolean unsure, GroupGraph graph, Map<Long, Instant> began) {
        List<AccessRow.GrantedBy> why = rec == null ? List.of() : grantedBy(rec.scimId(), source, graph);
        Kind kind;
        String detail;
        String held = level(m.accessLevel().name());
        if (rec != null && !rec.active()) {
            kind = Kind.DEACTIVATED;
            detail = "the identity provider deactivated this user, who is " + m.state() + " in GitLab"
                    + (UserStates.withoutAccess(UserState.of(m.state())) ? " (no access)"
                            : " and can still use this membership")
                    + "; " + (marker != null ? "a membership ScimLab made" : "a membership ScimLab did not make");
        } else if (marker != null && marker.accessLevel() != m.accessLevel()) {
            kind = Kind.DRIFT;
            detail = "changed in GitLab to " + held + "; ScimLab set " + level(marker.accessLevel().name())
                    + (why.isEmpty() ? "" : " as the mapping grants");
        } else if (marker != null || unsure) {
            kind = Kind.MANAGED;
            detail = why.isEmpty() ? "no longer granted by the mapping: the next reconcile removes it"
                    : marker == null ? "made by a write whose answer was lost: the next reconcile settles it" : "";
        } else {
            kind = Kind.MANUAL;
            detail = "not made by ScimLab (added in GitLab by hand or by another tool)" + (rec == null
                    ? "; not a user ScimLab provisioned" : why.isEmpty() ? "; the mapping grants nothing here"
                            : "; the mapping grants " + level(best(why).name()) + " here");
        }
        Optional<Instant> since = marker == null ? Optional.empty() : Optional.ofNullable(began.get(m.userId()));
        return new AccessRow(kind, OptionalLong.of(m.userId()), m.username(), Optional.ofNullable(rec)
                .map(UserRecord::scimId), Optional.of(source), Optional.of(m.accessLevel()), m.memberRoleId(),
                m.expiresAt(), why, since, OptionalLong.empty(), detail);
    }

    private AccessRow removedByHand(MemberSource source, ManagedMembership m, @Nullable UserRecord rec,
            GroupGraph graph, Optional<Instant> since) {
        return new AccessRow(Kind.DRIFT, OptionalLong.of(m.gitlabUserId()), rec == null ? "" : rec.userName(),
                Optional.ofNullable(rec).map(UserRecord::scimId), Optional.of(source), Optional.of(m.accessLevel()),
                m.memberRoleId(), m.expiresAt(), rec == null ? List.of() : grantedBy(rec.scimId(), source, graph),
                since, OptionalLong.empty(), "removed in GitLab; ScimLab had set "
                        + level(m.accessLevel().name()) + " (no access now)");
    }

    /** The SCIM groups and mapping entries or rules that grant a user something in one group or project. */
    private List<AccessRow.GrantedBy> grantedBy(String scimId, MemberSource source, GroupGraph graph) {
        List<AccessRow.GrantedBy> out = new ArrayList<>();
        for (MembershipPlanner.Reason r : planner.reasons(scimId, graph)) {
            Grant g = r.origin().grant();
            if (g.source().equals(source)) {
                out.add(new AccessRow.GrantedBy(r.group().scimId(), r.group().displayName(), r.origin().by(),
                        g.accessLevel()));
            }
        }
        return out;
    }

    private static AccessLevel best(List<AccessRow.GrantedBy> why) {
        return why.stream().map(AccessRow.GrantedBy::accessLevel).max(Comparator.comparingInt(
                AccessLevel::value)).orElseThrow();
    }

    /**
     * When each membership in a group or project began: the first successful member call of its current run in the
     * audit store (the first after its last removal); empty without an audit store. One query, paged, per group or
     * project, instead of one per row.
     */
    private Map<Long, Instant> since(MemberSource source) {
        Map<Long, Instant> out = new HashMap<>();
        if (audit.isEmpty()) {
            return out;
        }
        Optional<AuditQuery> q = Optional.of(AuditQuery.builder().gitlabPath(source.fullPath())
                .outcome(AuditEvent.Outcome.SUCCESS).pageSize(AuditQuery.MAX_PAGE_SIZE).build());
        while (q.isPresent()) {
            AuditPage page = audit.get().query(q.get());
            for (AuditRecord r : page.records()) {
                AuditEvent e = r.event();
                if (!e.path().contains("/members")) {
                    continue; // the user's creation on GitLab.com names the top-level group too
                }
                for (long uid : e.gitlabUserIds()) {
                    if (e.method().equals("DELETE")) {
                        out.remove(uid);
                    } else {
                        out.putIfAbsent(uid, e.time());
                    }
                }
            }
            q = page.next();
        }
        return out;
    }

    /** Every service account, then the tokens ScimLab issued for it; tokens of accounts no longer stored last. */
    private void serviceAccounts(Consumer<? super AccessRow> sink, List<UserRecord> bots) {
        Map<String, List<ManagedToken>> byUser = new LinkedHashMap<>();
        tokens.tokens().forEach(t -> byUser.computeIfAbsent(t.scimUserId(), k -> new ArrayList<>()).add(t));
        bots.sort(Comparator.comparing(UserRecord::scimId));
        for (UserRecord b : bots) {
            List<ManagedToken> held = byUser.remove(b.scimId());
            int n = held == null ? 0 : held.size();
            sink.accept(new AccessRow(Kind.SERVICE_ACCOUNT, OptionalLong.of(b.gitlabUserId()), b.userName(),
                    Optional.of(b.scimId()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), OptionalLong.empty(), (b.active() ? "active" : "deactivated by the "
                            + "identity provider") + "; " + n + (n == 1 ? " token" : " tokens") + " issued by ScimLab"));
            if (held != null) {
                held.forEach(t -> sink.accept(token(t, b.userName())));
            }
        }
        byUser.values().forEach(ts -> ts.forEach(t -> sink.accept(token(t, ""))));
    }

    private static AccessRow token(ManagedToken t, String username) {
        return new AccessRow(Kind.TOKEN, OptionalLong.of(t.gitlabUserId()), username, Optional.of(t.scimUserId()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(t.expiresAt()), List.of(),
                Optional.of(t.issuedAt()), OptionalLong.of(t.tokenId()), "token \"" + t.name() + "\", scopes "
                        + String.join(" ", t.scopes()));
    }

    private static String level(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
