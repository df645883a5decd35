package io.scimlab.gitlab.preflight;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabGroup;
import io.scimlab.gitlab.api.GitLabProject;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GitLabVersion;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.ProjectRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MemberRole;
import io.scimlab.gitlab.api.ScimScope;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.PreflightReport.Check;
import io.scimlab.gitlab.preflight.PreflightReport.Status;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The preflight's rows, checked in order; a row that makes the later ones meaningless ends the run. */
final class Checks {
    /** How many users or members the identity check reads at most: enough to tell, cheap on a large instance. */
    private static final int SAMPLE = 1_000;
    private static final int EXPIRY_WARNING_DAYS = 30;

    private final GitLabClient rest;
    private final Optional<GitLabClient> scim;
    private final Optional<String> top;
    private final RoleMapping mapping;
    private final String provider;
    private final Clock clock;
    private final HeaderWatch watch;
    private final boolean startup;
    private final List<Check> rows = new ArrayList<>();

    /**
     * @param startup only what a bridge checks as it starts: GitLab, the token and its rights, the SCIM token, the
     *                mapped groups, projects and custom roles (no identity sample, rate limits or capabilities)
     */
    Checks(GitLabClient rest, Optional<GitLabClient> scim, Optional<String> top, RoleMapping mapping, String provider,
            Clock clock, HeaderWatch watch, boolean startup) {
        this.startup = startup;
        this.rest = rest;
        this.scim = scim;
        this.top = top;
        this.mapping = mapping;
        this.provider = provider;
        this.clock = clock;
        this.watch = watch;
    }

    private void add(String name, Status status, String detail) {
        rows.add(new Check(name, status, detail));
    }

    List<Check> run() {
        Optional<GitLabVersion> version = version();
        if (rows.get(0).status() == Status.FAIL || !token() || version.isEmpty()) {
            add("Remaining checks", Status.INFO, "skipped: they need a GitLab that answers and accepts the token");
            return rows;
        }
        Optional<GitLabUser> me = rights();
        scimToken();
        groups(version.get());
        Optional<Boolean> licensed = customRoles();
        if (startup) {
            return rows;
        }
        identities(me);
        rateLimits();
        capabilities(version.get(), licensed);
        return rows;
    }

    private static String why(GitLabException e) {
        return (e.status() == 0 ? "no answer" : "HTTP " + e.status())
                + (e.gitlabMessage().isEmpty() ? "" : ": " + e.gitlabMessage());
    }

    private Optional<GitLabVersion> version() {
        try {
            GitLabVersion v = rest.version();
            if (!v.enterprise()) {
                add("GitLab", Status.WARN, v + ", Community Edition: the users and members APIs work; SCIM, SAML group "
                        + "links, custom roles and service accounts are Enterprise features");
            } else if (!v.atLeast(16, 0)) {
                add("GitLab", Status.WARN, v + ": older than 16.0, which the bridge is not tested against");
            } else {
                add("GitLab", Status.OK, v + ", Enterprise Edition");
            }
            return Optional.of(v);
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.UNAUTHORIZED || e.kind() == GitLabException.Kind.FORBIDDEN) {
                // GET /version needs a valid token: the token row says what is wrong with it.
                add("GitLab", Status.INFO, "reachable at " + rest.baseUrl() + "; its version needs a valid token");
                return Optional.empty();
            }
            add("GitLab", Status.FAIL, "cannot read GitLab's version at " + rest.baseUrl() + " (" + why(e)
                    + "): is the URL GitLab's, and reachable from here?");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            add("GitLab", Status.FAIL, "the version GitLab answered is not one: is the URL GitLab's?");
            return Optional.empty();
        }
    }

    private boolean token() {
        AccessToken t;
        try {
            t = rest.accessTokens().self();
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                add("Token", Status.WARN, "valid, but not a personal, group or service-account token (an OAuth "
                        + "token?): its scopes and expiry cannot be read");
                return true;
            }
            add("Token", Status.FAIL, "refused (" + why(e) + "): revoked, expired, mistyped, or its user is "
                    + "blocked; create a token with the api scope");
            return false;
        }
        String scopes = "scopes " + String.join(", ", t.scopes());
        Optional<LocalDate> expires = t.expiresAt();
        String expiry = expires.map(d -> "expires " + d).orElse("does not expire");
        if (!t.active()) {
            add("Token", Status.FAIL, "not active (revoked or expired); " + scopes);
            return false;
        }
        if (!t.scopes().contains("api")) {
            add("Token", Status.FAIL, scopes + ": the bridge writes users and memberships, which needs the api scope");
            return true;
        }
        long days = expires.map(d -> ChronoUnit.DAYS.between(LocalDate.now(clock.withZone(ZoneOffset.UTC)), d))
                .orElse(Long.MAX_VALUE);
        if (days <= EXPIRY_WARNING_DAYS) {
            add("Token", Status.WARN, scopes + "; " + expiry + ", in " + days + " days: rotate it (TokenRotator) "
                    + "or provisioning stops then");
        } else {
            add("Token", Status.OK, "\"" + t.name() + "\", " + scopes + "; " + expiry);
        }
        return true;
    }

    private Optional<GitLabUser> rights() {
        GitLabUser me;
        try {
            me = rest.users().current();
        } catch (GitLabException e) {
            add("Rights", Status.FAIL, "cannot read the token's user (" + why(e) + ")");
            return Optional.empty();
        }
        if (top.isEmpty()) {
            if (me.admin()) {
                add("Rights", Status.OK, "administrator (" + me.username() + ")");
            } else {
                add("Rights", Status.FAIL, me.username() + " is not an administrator: the bridge creates, blocks and "
                        + "deletes users through the administrators' users API");
            }
            return Optional.of(me);
        }
        GroupRef group = GroupRef.path(top.get());
        try {
            Optional<GitLabGroup> g = rest.groups().find(group);
            if (g.isEmpty()) {
                add("Rights", Status.FAIL, "group " + top.get() + " does not exist (or the token cannot see it)");
            } else if (g.get().parentId().isPresent()) {
                add("Rights", Status.FAIL, top.get() + " is a subgroup: GitLab.com's SCIM, and the bridge, work on a "
                        + "top-level group");
            } else {
                AccessLevel level = rest.members().findInherited(group, me.id()).map(Member::accessLevel)
                        .orElse(AccessLevel.NO_ACCESS);
                if (level == AccessLevel.OWNER) {
                    add("Rights", Status.OK, me.username() + " is an Owner of " + top.get());
                } else {
                    add("Rights", Status.FAIL, me.username() + " is " + (level == AccessLevel.NO_ACCESS ? "no member"
                            : level.name().toLowerCase(java.util.Locale.ROOT)) + " of " + top.get() + ": the bridge "
                            + "needs an Owner's token (members, service accounts, removal from the hierarchy)");
                }
            }
        } catch (GitLabException e) {
            add("Rights", Status.FAIL, "cannot read group " + top.get() + " (" + why(e) + ")");
        }
        return Optional.of(me);
    }

    private void scimToken() {
        if (top.isEmpty()) {
            return;
        }
        if (scim.isEmpty()) {
            add("SCIM token", Status.FAIL, "none given: users on GitLab.com are provisioned through the group's SCIM "
                    + "API (Settings > SAML SSO)");
            return;
        }
        try {
            ObjectNode page = scim.get().scim(ScimScope.group(top.get())).listUsers(Optional.empty(), 1, 1);
            add("SCIM token", Status.OK, "accepted; " + page.path("totalResults").asInt() + " users provisioned in "
                    + top.get());
        } catch (GitLabException e) {
            add("SCIM token", Status.FAIL, (e.status() == 404 ? "group SCIM is not available for " + top.get()
                    + " (SAML SSO not configured there?)" : "refused") + " (" + why(e) + ")");
        }
    }

    /**
     * Every GitLab group and project the mapping names (and each rule's prefix): it exists, and its role fits.
     */
    private void groups(GitLabVersion version) {
        Map<MemberSource, List<Grant>> bySource = new LinkedHashMap<>();
        Map<MemberSource, String> namedBy = new LinkedHashMap<>();
        mapping.entries().forEach(e -> {
            bySource.computeIfAbsent(e.grant().source(), k -> new ArrayList<>()).add(e.grant());
            namedBy.putIfAbsent(e.grant().source(), e.displayName().map(n -> "mapped from SCIM group \"" + n + "\"")
                    .orElseGet(() -> "mapped from SCIM group externalId " + e.externalId().orElse("")));
        });
        for (Map.Entry<MemberSource, List<Grant>> e : bySource.entrySet()) {
            String path = e.getKey().fullPath();
            Optional<String> unfit = e.getValue().stream().map(g -> fit(g, version)).flatMap(Optional::stream)
                    .findFirst();
            if (e.getKey().isProject()) {
                project("Project " + path, path, namedBy.getOrDefault(e.getKey(), "mapped"), unfit);
            } else {
                group("Group " + path, path, namedBy.getOrDefault(e.getKey(), "mapped"), unfit);
            }
        }
        for (RoleMapping.Rule r : mapping.rules()) {
            // A rule's groups are known only per SCIM group; what must exist now is the group its prefix ends in:
            // "acme/" and "acme/team-" both need acme.
            String prefix = r.pathPrefix().strip().replaceAll("^/+", "");
            int slash = prefix.lastIndexOf('/');
            if (slash <= 0) {
                add("Rule " + r.pattern(), Status.INFO, "GitLab groups named by the IdP's group names at run time");
                continue;
            }
            prefix = prefix.substring(0, slash);
            Optional<String> unfit = r.accessLevel().filter(l -> l == AccessLevel.PLANNER && !version.hasPlannerRole())
                    .map(l -> "grants Planner, which GitLab " + version + " does not have (17.7 and later)");
            group("Rule " + r.pattern(), prefix, "the path prefix of this rule", unfit);
        }
    }

    private Optional<String> fit(Grant g, GitLabVersion version) {
        if (g.accessLevel() == AccessLevel.PLANNER && !version.hasPlannerRole()) {
            return Optional.of("the mapping grants Planner, which GitLab " + version
                    + " does not have (17.7 and later)");
        }
        if (top.isPresent() && !g.path().equalsIgnoreCase(top.get())
                && !g.path().toLowerCase(java.util.Locale.ROOT).startsWith(top.get().toLowerCase(
                        java.util.Locale.ROOT) + "/")) {
            return Optional.of("outside " + top.get() + ": the bridge's Owner token manages that hierarchy only");
        }
        return Optional.empty();
    }

    private void group(String name, String path, String namedBy, Optional<String> unfit) {
        try {
            Optional<GitLabGroup> g = rest.groups().find(GroupRef.path(path));
            if (g.isEmpty()) {
                add(name, Status.FAIL, path + " does not exist or the token cannot see it (" + namedBy + "): create "
                        + "it in GitLab, or fix the role mapping");
            } else if (unfit.isPresent()) {
                add(name, Status.FAIL, path + ": " + unfit.get());
            } else {
                add(name, Status.OK, path + " exists (id " + g.get().id() + ")");
            }
        } catch (GitLabException e) {
            add(name, Status.FAIL, "cannot read " + path + " (" + why(e) + ")");
        }
    }

    private void project(String name, String path, String namedBy, Optional<String> unfit) {
        try {
            Optional<GitLabProject> p = rest.projects().find(ProjectRef.path(path));
            if (p.isEmpty()) {
                add(name, Status.FAIL, path + " does not exist or the token cannot see it (" + namedBy + "): create "
                        + "the project in GitLab, or fix the role mapping");
            } else if (unfit.isPresent()) {
                add(name, Status.FAIL, path + ": " + unfit.get());
            } else {
                add(name, Status.OK, path + " exists (project id " + p.get().id() + ")");
            }
        } catch (GitLabException e) {
            add(name, Status.FAIL, "cannot read " + path + " (" + why(e) + ")");
        }
    }

    /**
     * Every custom role the mapping names exists and has the base level the mapping grants with it (GitLab refuses
     * a membership whose level differs from its role's base level). Whether custom roles are licensed: empty when not
     * known, or when a failing row says so already.
     */
    private Optional<Boolean> customRoles() {
        // Role id to the level the mapping grants with it (a rule whose role comes from the group name: unknown).
        Map<Long, Optional<AccessLevel>> wanted = new LinkedHashMap<>();
        mapping.entries().forEach(e -> e.grant().memberRoleId().ifPresent(id -> wanted.put(id,
                Optional.of(e.grant().accessLevel()))));
        mapping.rules().forEach(r -> r.memberRoleId().ifPresent(id -> wanted.put(id, r.accessLevel())));
        List<MemberRole> roles;
        try {
            roles = top.isPresent() ? rest.memberRoles().list(GroupRef.path(top.get()))
                    : rest.memberRoles().listInstance();
        } catch (GitLabException e) {
            if (wanted.isEmpty()) {
                return e.kind() == GitLabException.Kind.FORBIDDEN ? Optional.of(false) : Optional.empty();
            }
            add("Custom roles", Status.FAIL, "the mapping names custom roles " + wanted.keySet() + ", but GitLab does "
                    + "not list them (" + why(e) + "): without the licence (Ultimate) GitLab drops member_role_id "
                    + "silently");
            return Optional.empty();
        }
        for (Map.Entry<Long, Optional<AccessLevel>> w : wanted.entrySet()) {
            String name = "Custom role " + w.getKey();
            Optional<MemberRole> role = roles.stream().filter(r -> r.id() == w.getKey()).findFirst();
            if (role.isEmpty()) {
                add(name, Status.FAIL, "no custom role " + w.getKey() + top.map(t -> " in " + t).orElse(" on this "
                        + "instance") + "; roles: " + roles.stream().map(r -> r.id() + " " + r.name()).toList());
            } else if (w.getValue().filter(l -> l != role.get().baseAccessLevel()).isPresent()) {
                add(name, Status.FAIL, "\"" + role.get().name() + "\" has base role " + role.get().baseAccessLevel()
                        + ", the mapping grants " + w.getValue().get() + " with it: GitLab refuses such a membership");
            } else {
                add(name, Status.OK, "\"" + role.get().name() + "\", base role " + role.get().baseAccessLevel());
            }
        }
        return Optional.of(true);
    }

    /** Whether users carry identities of the provider the bridge links by (a wrong name links nobody). */
    private void identities(Optional<GitLabUser> me) {
        String name = "SAML identities";
        try {
            long seen;
            long linked;
            if (top.isEmpty()) {
                if (me.isEmpty() || !me.get().admin()) {
                    add(name, Status.INFO, "not checked: identities are shown to administrators only");
                    return;
                }
                List<GitLabUser> users;
                try (Stream<GitLabUser> s = rest.users().list()) {
                    users = s.filter(u -> !u.bot()).limit(SAMPLE).toList();
                }
                seen = users.size();
                linked = users.stream().filter(u -> u.identity(provider).isPresent()).count();
            } else {
                List<Member> members;
                try (Stream<Member> s = rest.members().list(GroupRef.path(top.get()))) {
                    members = s.limit(SAMPLE).toList();
                }
                seen = members.size();
                linked = members.stream().filter(m -> m.groupSamlIdentity().isPresent()).count();
            }
            if (linked == 0) {
                add(name, Status.WARN, "none of " + seen + (top.isPresent() ? " members of " + top.get() : " users")
                        + " has a '" + provider + "' identity: right for a new instance; otherwise check the provider "
                        + "name (the bridge links accounts by it)");
            } else {
                add(name, Status.OK, linked + " of " + seen + (top.isPresent() ? " members" : " users") + " have a '"
                        + provider + "' identity");
            }
        } catch (GitLabException e) {
            add(name, Status.WARN, "cannot read " + (top.isPresent() ? "the members of " + top.get() : "the users")
                    + " (" + why(e) + ")");
        }
    }

    private void rateLimits() {
        String limit = watch.limit();
        String detail = limit == null ? "no RateLimit-* headers seen: GitLab's request throttle is off or not "
                + "reported; the bridge paces itself (2,000 requests and 60 member deletions per group a minute)"
                : "RateLimit-Limit " + limit + (watch.name() == null ? "" : " (" + watch.name() + ")")
                        + "; the bridge keeps under it";
        if (watch.limited() > 0) {
            add("Rate limits", Status.WARN, "GitLab answered 429 " + watch.limited() + " time(s) during this check; "
                    + detail);
        } else {
            add("Rate limits", Status.INFO, detail);
        }
    }

    /** What the bridge will and will not be able to do there. */
    private void capabilities(GitLabVersion v, Optional<Boolean> customRoles) {
        if (top.isEmpty()) {
            add("Will: users", Status.INFO, "create, link (identity or email), update, block, deactivate and delete "
                    + "through the users API");
            add("Will: offboarding", Status.INFO, "block (default), deactivate (the person can sign in again), remove "
                    + "the managed memberships, or delete, per policy");
        } else {
            add("Will: users", Status.INFO, "create and link through " + top.get() + "'s SCIM API; names and emails "
                    + "stay in the bridge (GitLab's SCIM ignores them)");
            add("Will not: block", Status.INFO, "GitLab.com accounts cannot be blocked or deleted: offboarding is "
                    + "GitLab's SCIM deprovisioning plus removal from every group and project of " + top.get());
        }
        add(v.hasPlannerRole() ? "Will: Planner role" : "Will not: Planner role", Status.INFO, v.hasPlannerRole()
                ? "available (GitLab 17.7 and later)" : "GitLab " + v + " has no Planner role (17.7 and later)");
        if (top.isPresent()) {
            add("Service-account tokens", Status.INFO, v.listsServiceAccountTokens()
                    ? "listed by GitLab: deprovisioning revokes every token of the account"
                    : "GitLab " + v + " lists none (17.11 and later): deprovisioning revokes the tokens the bridge "
                            + "issued, by id; tokens made elsewhere survive it");
        }
        add("Rate-limit answers", Status.INFO, v.sendsRetryAfterOnEndpointLimits()
                ? "per-endpoint 429s say Retry-After (GitLab 18.6 and later)"
                : "per-endpoint 429s carry no Retry-After before GitLab 18.6: the bridge backs off exponentially");
        customRoles.ifPresent(licensed -> add(licensed ? "Will: custom roles" : "Will not: custom roles",
                Status.INFO, licensed ? "licensed: GitLab validates member_role_id against each role's base level"
                        : "not available to this token or licence: GitLab would drop member_role_id silently"));
    }
}
