package io.scimlab.gitlab.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which GitLab memberships the members of a SCIM group get: in GitLab groups and in GitLab projects, alike.
 * Explicit {@link Entry entries} match a SCIM group by {@code displayName} (case-insensitive) or
 * {@code externalId}; {@link Rule rules} match the displayName against a regular expression whose named groups
 * {@code path} (a GitLab group) or {@code project} (a GitLab project) and {@code role} give the target and the
 * role, e.g. {@code gitlab-(?<path>.+)-(?<role>developer|maintainer)}. Every matching entry and rule contributes its
 * grants. Immutable; build with {@link #builder()} or load with {@link #fromJson(InputStream)}.
 *
 * <p>JSON form (every key except {@code groups}/{@code rules} contents optional):
 * <pre>{@code
 * {
 *   "unmapped": "accept",
 *   "groups": [
 *     {"displayName": "Engineering", "gitlabGroup": "acme/engineering", "accessLevel": "developer"},
 *     {"displayName": "API Team", "gitlabProject": "acme/engineering/api", "accessLevel": "maintainer"},
 *     {"externalId": "5f1c...", "gitlabGroup": "acme/ops", "accessLevel": 40,
 *      "memberRoleId": 7, "expiresAt": "2027-12-31"}
 *   ],
 *   "rules": [
 *     {"pattern": "gitlab-(?<path>.+)-(?<role>developer|maintainer)", "pathPrefix": "acme/"},
 *     {"pattern": "project-(?<project>.+)-(?<role>developer|maintainer)", "pathPrefix": "acme/"},
 *     {"pattern": "readers-(?<path>.+)", "pathPrefix": "acme/", "accessLevel": "reporter"}
 *   ]
 * }
 * }</pre>
 * An entry names either {@code gitlabGroup} or {@code gitlabProject}. Access levels are GitLab's integers or names
 * ({@code guest}, {@code planner}, {@code reporter}, {@code developer}, {@code maintainer}, {@code owner},
 * {@code minimal_access}; the last on groups only).
 */
public final class RoleMapping {
    /** What happens to a SCIM group that no entry or rule maps. */
    public enum Unmapped {
        /** The group is accepted and remembered but grants nothing. */
        ACCEPT,
        /** Creating it fails with 400 {@code invalidValue}. */
        REJECT
    }

    /**
     * An explicit mapping of one SCIM group.
     *
     * @param displayName the SCIM group's displayName to match (case-insensitive), if matching by name
     * @param externalId  the SCIM group's externalId to match, if matching by externalId
     * @param grant       what its members get
     */
    public record Entry(Optional<String> displayName, Optional<String> externalId, Grant grant) {
        /**
         * Checks that the entry matches on something.
         *
         * @param displayName name
         * @param externalId  externalId
         * @param grant       grant
         */
        public Entry {
            Objects.requireNonNull(grant, "grant");
            if (displayName.isEmpty() && externalId.isEmpty()) {
                throw new IllegalArgumentException("a mapping entry needs a displayName or an externalId");
            }
        }

        boolean matches(String name, @Nullable String extId) {
            return displayName.map(name::equalsIgnoreCase).orElse(false)
                    || (extId != null && externalId.map(extId::equals).orElse(false));
        }
    }

    /**
     * A pattern rule over SCIM group displayNames.
     *
     * @param pattern      the regular expression, matched against the whole displayName; a named group
     *                     {@code path} (the captured text names a GitLab group) or {@code project} (it names a GitLab
     *                     project) is required, a named group {@code role} optional
     * @param pathPrefix   prepended to the captured path (e.g. the top-level group {@code acme/})
     * @param accessLevel  the role when the pattern has no {@code role} group (or as fallback)
     * @param memberRoleId a custom role, if any
     */
    public record Rule(Pattern pattern, String pathPrefix, Optional<AccessLevel> accessLevel,
            Optional<Long> memberRoleId) {
        /**
         * Checks the pattern has a {@code path} group.
         *
         * @param pattern      pattern
         * @param pathPrefix   prefix
         * @param accessLevel  fallback level
         * @param memberRoleId custom role
         */
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(pathPrefix, "pathPrefix");
            Objects.requireNonNull(accessLevel, "accessLevel");
            Objects.requireNonNull(memberRoleId, "memberRoleId");
            boolean group = pattern.pattern().contains("(?<path>");
            boolean project = pattern.pattern().contains("(?<project>");
            if (group == project) {
                throw new IllegalArgumentException("a rule's pattern needs one named group, 'path' (a GitLab group) "
                        + "or 'project' (a GitLab project): " + pattern);
            }
            if (!pattern.pattern().contains("(?<role>") && accessLevel.isEmpty()) {
                throw new IllegalArgumentException("a rule needs a named group 'role' or an accessLevel: "
                        + pattern);
            }
            if (project && accessLevel.filter(l -> l == AccessLevel.MINIMAL_ACCESS).isPresent()) {
                throw new IllegalArgumentException("Minimal Access exists on groups only; this rule names projects: "
                        + pattern);
            }
        }

        /**
         * Whether the rule's captured paths name GitLab groups or GitLab projects.
         *
         * @return the kind
         */
        public MemberSource.Kind kind() {
            return pattern.pattern().contains("(?<project>") ? MemberSource.Kind.PROJECT : MemberSource.Kind.GROUP;
        }

        Optional<Grant> apply(String displayName) {
            Matcher m = pattern.matcher(displayName);
            if (!m.matches()) {
                return Optional.empty();
            }
            AccessLevel level = accessLevel.orElse(null);
            if (pattern.pattern().contains("(?<role>") && m.group("role") != null) {
                try {
                    level = parseLevel(m.group("role"));
                } catch (IllegalArgumentException e) {
                    // The role comes from the IdP's displayName: an unknown one is no grant from this rule (the
                    // group is unmapped, or rejected under Unmapped.REJECT), never an error.
                    return Optional.empty();
                }
            }
            MemberSource.Kind kind = kind();
            if (level == null || (kind == MemberSource.Kind.PROJECT && level == AccessLevel.MINIMAL_ACCESS)) {
                // No role, or one GitLab has on groups only: no grant from this rule (as for an unknown role).
                return Optional.empty();
            }
            String captured = m.group(kind == MemberSource.Kind.PROJECT ? "project" : "path");
            if (captured == null || (pathPrefix + captured).replace("/", "").isBlank()) {
                // Nothing captured: no target, so no grant (never an error: the text is the IdP's).
                return Optional.empty();
            }
            try {
                return Optional.of(new Grant(new MemberSource(kind, pathPrefix + captured), level, memberRoleId,
                        Optional.empty()));
            } catch (IllegalArgumentException e) {
                // The IdP's text makes no GitLab path ("a//b", ".."): no grant, never an error.
                return Optional.empty();
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Entry> entries;
    private final List<Rule> rules;
    private final Unmapped unmapped;

    private RoleMapping(List<Entry> entries, List<Rule> rules, Unmapped unmapped) {
        this.entries = List.copyOf(entries);
        this.rules = List.copyOf(rules);
        this.unmapped = unmapped;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A mapping that maps nothing and accepts every group.
     *
     * @return the mapping
     */
    public static RoleMapping empty() {
        return builder().build();
    }

    /**
     * The explicit entries.
     *
     * @return the entries
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The pattern rules.
     *
     * @return the rules
     */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * What happens to unmapped groups.
     *
     * @return the policy
     */
    public Unmapped unmapped() {
        return unmapped;
    }

    /**
     * A grant with the mapping entry or rule it comes from: what an access report shows a reviewer as the reason.
     *
     * @param grant the grant
     * @param by    the entry or rule, for people: {@code entry 1 (displayName "Engineering")} or
     *              {@code rule 2 (gitlab-(?<path>.+)-(?<role>developer|maintainer))}; entries and rules are numbered
     *              from 1 in mapping order
     */
    public record Origin(Grant grant, String by) {
        /**
         * Checks the components.
         *
         * @param grant grant
         * @param by    entry or rule
         */
        public Origin {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * What the members of a SCIM group get: the grants of every matching entry and rule.
     *
     * @param displayName the group's displayName
     * @param externalId  the group's externalId, if any
     * @return the grants, empty when the group is unmapped
     */
    public List<Grant> grantsFor(String displayName, @Nullable String externalId) {
        return explain(displayName, externalId).stream().map(Origin::grant).toList();
    }

    /**
     * {@link #grantsFor}, each grant with the entry or rule that gives it.
     *
     * @param displayName the group's displayName
     * @param externalId  the group's externalId, if any
     * @return the grants with their origins, entries first, in mapping order; empty when the group is unmapped
     */
    public List<Origin> explain(String displayName, @Nullable String externalId) {
        List<Origin> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.matches(displayName, externalId)) {
                out.add(new Origin(e.grant(), "entry " + (i + 1) + " (" + e.displayName().map(n -> "displayName \""
                        + n + "\"").orElseGet(() -> "externalId " + e.externalId().orElse("")) + ")"));
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            int n = i + 1;
            Rule r = rules.get(i);
            r.apply(displayName).ifPresent(g -> out.add(new Origin(g, "rule " + n + " (" + r.pattern().pattern()
                    + ")")));
        }
        return out;
    }

    /**
     * Reads a mapping from JSON (see the class documentation for the format).
     *
     * @param in the JSON; not closed
     * @return the mapping
     * @throws IllegalArgumentException when the JSON is not a valid mapping
     */
    public static RoleMapping fromJson(InputStream in) {
        try {
            return fromJson(JSON.readTree(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("role mapping is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a mapping from a JSON file.
     *
     * @param file the file
     * @return the mapping
     * @throws UncheckedIOException when the file cannot be read
     */
    public static RoleMapping fromJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a mapping from a JSON string.
     *
     * @param json the JSON text
     * @return the mapping
     */
    public static RoleMapping fromJson(String json) {
        try {
            return fromJson(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("role mapping is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static RoleMapping fromJson(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("role mapping must be a JSON object");
        }
        Builder b = builder();
        String unmapped = root.path("unmapped").asText("accept");
        b.unmapped(Unmapped.valueOf(unmapped.toUpperCase(Locale.ROOT)));
        int i = 0;
        for (JsonNode g : root.path("groups")) {
            String where = "groups[" + i++ + "]";
            Optional<String> name = text(g, "displayName");
            Optional<String> ext = text(g, "externalId");
            Optional<String> group = text(g, "gitlabGroup");
            Optional<String> project = text(g, "gitlabProject");
            if (group.isEmpty() && project.isEmpty()) {
                throw new IllegalArgumentException(where + ".gitlabGroup is required (or gitlabProject, to map a "
                        + "GitLab project)");
            }
            if (group.isPresent() && project.isPresent()) {
                throw new IllegalArgumentException(where + " names both gitlabGroup and gitlabProject: one entry maps "
                        + "to one of them");
            }
            AccessLevel level = level(g.get("accessLevel"), where);
            Optional<Long> role = g.hasNonNull("memberRoleId") ? Optional.of(g.get("memberRoleId").asLong())
                    : Optional.empty();
            Optional<LocalDate> expires;
            try {
                expires = text(g, "expiresAt").map(LocalDate::parse);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ".expiresAt is not a date (yyyy-mm-dd)", e);
            }
            try {
                MemberSource source = group.map(MemberSource::group)
                        .orElseGet(() -> MemberSource.project(project.orElseThrow()));
                b.entry(new Entry(name, ext, new Grant(source, level, role, expires)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        i = 0;
        for (JsonNode r : root.path("rules")) {
            String where = "rules[" + i++ + "]";
            String pattern = text(r, "pattern").orElseThrow(() -> new IllegalArgumentException(where
                    + ".pattern is required"));
            Optional<AccessLevel> level = r.hasNonNull("accessLevel") ? Optional.of(level(r.get("accessLevel"),
                    where)) : Optional.empty();
            Optional<Long> role = r.hasNonNull("memberRoleId") ? Optional.of(r.get("memberRoleId").asLong())
                    : Optional.empty();
            try {
                b.rule(new Rule(Pattern.compile(pattern), text(r, "pathPrefix").orElse(""), level, role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static AccessLevel level(@Nullable JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(where + ".accessLevel is required");
        }
        try {
            return node.isNumber() ? AccessLevel.of(node.asInt()) : parseLevel(node.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".accessLevel: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a role name ({@code developer}, {@code Maintainer}, {@code minimal_access}, ...) or a number.
     *
     * @param name the name or number
     * @return the level
     * @throws IllegalArgumentException for an unknown role
     */
    public static AccessLevel parseLevel(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
            return AccessLevel.of(Integer.parseInt(n));
        }
        if (n.equals("MINIMAL")) {
            return AccessLevel.MINIMAL_ACCESS;
        }
        try {
            return AccessLevel.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown GitLab role '" + name + "'", e);
        }
    }

    @Override
    public String toString() {
        return "RoleMapping[" + entries.size() + " entries, " + rules.size() + " rules, unmapped=" + unmapped + "]";
    }

    /** Configures a {@link RoleMapping}. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final List<Rule> rules = new ArrayList<>();
        private Unmapped unmapped = Unmapped.ACCEPT;

        private Builder() {
        }

        /**
         * Adds an entry.
         *
         * @param entry the entry
         * @return this builder
         */
        public Builder entry(Entry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /**
         * Maps a SCIM group by displayName.
         *
         * @param displayName the SCIM group's displayName
         * @param groupPath   the GitLab group's full path
         * @param level       the role
         * @return this builder
         */
        public Builder group(String displayName, String groupPath, AccessLevel level) {
            return entry(new Entry(Optional.of(displayName), Optional.empty(), Grant.of(groupPath, level)));
        }

        /**
         * Maps a SCIM group by displayName to a GitLab project.
         *
         * @param displayName the SCIM group's displayName
         * @param projectPath the GitLab project's full path
         * @param level       the role
         * @return this builder
         */
        public Builder project(String displayName, String projectPath, AccessLevel level) {
            return entry(new Entry(Optional.of(displayName), Optional.empty(), Grant.of(MemberSource.project(
                    projectPath), level)));
        }

        /**
         * Maps a SCIM group by externalId.
         *
         * @param externalId the SCIM group's externalId
         * @param groupPath  the GitLab group's full path
         * @param level      the role
         * @return this builder
         */
        public Builder groupByExternalId(String externalId, String groupPath, AccessLevel level) {
            return entry(new Entry(Optional.empty(), Optional.of(externalId), Grant.of(groupPath, level)));
        }

        /**
         * Adds a rule.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Adds a rule whose pattern has named groups {@code path} (or {@code project}) and {@code role}.
         *
         * @param regex      the pattern
         * @param pathPrefix prepended to the captured path
         * @return this builder
         */
        public Builder rule(String regex, String pathPrefix) {
            return rule(new Rule(Pattern.compile(regex), pathPrefix, Optional.empty(), Optional.empty()));
        }

        /**
         * What happens to unmapped groups (default {@link Unmapped#ACCEPT}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder unmapped(Unmapped value) {
            this.unmapped = Objects.requireNonNull(value, "unmapped");
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         */
        public RoleMapping build() {
            return new RoleMapping(entries, rules, unmapped);
        }
    }
}
