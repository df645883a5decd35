package io.scimlab.gitlab.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a membership lives: a GitLab group or a GitLab project, by full path ({@code acme/eng},
 * {@code acme/eng/api}). GitLab's members API serves both alike ({@code /groups/:id/members},
 * {@code /projects/:id/members}: GitLab calls the group or project a member's <em>source</em>), and one full path
 * names at most one of them: groups and projects share GitLab's routes, whose path is unique ignoring case
 * ({@code app/models/route.rb}).
 *
 * @param kind     a group or a project
 * @param fullPath the full path, without leading or trailing slashes
 */
public record MemberSource(Kind kind, String fullPath) {
    /** A group or a project. */
    public enum Kind {
        /** A GitLab group or subgroup. */
        GROUP,
        /** A GitLab project. */
        PROJECT
    }

    /**
     * Checks the components and normalises the path (no surrounding whitespace, no leading or trailing slash).
     *
     * @param kind     kind
     * @param fullPath path
     * @throws IllegalArgumentException for an empty path, or one with an empty, {@code .} or {@code ..} segment
     */
    public MemberSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fullPath, "fullPath");
        String p = fullPath.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty GitLab " + kind.name().toLowerCase(Locale.ROOT) + " path");
        }
        for (String segment : p.split("/", -1)) {
            // GitLab has no such path segments; as a URL they would address another resource.
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a GitLab " + kind.name().toLowerCase(Locale.ROOT)
                        + " path: \"" + p + "\"");
            }
        }
        fullPath = p;
    }

    /**
     * A GitLab group.
     *
     * @param fullPath its full path
     * @return the source
     */
    public static MemberSource group(String fullPath) {
        return new MemberSource(Kind.GROUP, fullPath);
    }

    /**
     * A GitLab project.
     *
     * @param fullPath its full path ({@code path_with_namespace})
     * @return the source
     */
    public static MemberSource project(String fullPath) {
        return new MemberSource(Kind.PROJECT, fullPath);
    }

    /**
     * Whether this is a project.
     *
     * @return true for a project
     */
    public boolean isProject() {
        return kind == Kind.PROJECT;
    }

    /**
     * The full path of the group this source is in: a group's parent, a project's namespace; empty for a
     * top-level group.
     *
     * @return the parent's full path, or an empty string
     */
    public String parentPath() {
        int slash = fullPath.lastIndexOf('/');
        return slash < 0 ? "" : fullPath.substring(0, slash);
    }

    /**
     * {@code group acme/eng} or {@code project acme/eng/api}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + fullPath;
    }
}
