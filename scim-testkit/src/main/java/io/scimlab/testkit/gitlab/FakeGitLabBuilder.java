package io.scimlab.testkit.gitlab;

import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** Configures and starts a {@link FakeGitLab}. */
public final class FakeGitLabBuilder {
    FakeGitLab.Mode mode = FakeGitLab.Mode.SELF_MANAGED;
    int threads = 16;
    int rateLimitPerMinute;
    int defaultScimLevel = 10;
    int port;
    @Nullable String adminToken;
    String version = "18.6.0-ee";
    @Nullable String externalUrl;
    Clock clock = Clock.systemUTC();
    boolean customRoles;
    int membersDeleteLimit = 60;
    int usersGetByIdLimit = 300;
    int dormantDays = 90;

    FakeGitLabBuilder() {
    }

    /**
     * The port on 127.0.0.1 (default 0: a free port).
     *
     * @param value the port, 0 to 65535
     * @return this builder
     */
    public FakeGitLabBuilder port(int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        this.port = value;
        return this;
    }

    /**
     * The administrator's token (default: a random one).
     *
     * @param value the token value
     * @return this builder
     */
    public FakeGitLabBuilder adminToken(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        this.adminToken = value;
        return this;
    }

    /**
     * The mode (default self-managed).
     *
     * @param value the mode
     * @return this builder
     */
    public FakeGitLabBuilder mode(FakeGitLab.Mode value) {
        this.mode = value;
        return this;
    }

    /**
     * The GitLab version to imitate (default {@code 18.6.0-ee}); it gates the behaviours GitLab changed, e.g.
     * the service account token list (17.11), the Planner role (17.7) and {@code Retry-After} on per-endpoint
     * limits (18.6).
     *
     * @param value e.g. {@code 17.10.2-ee}
     * @return this builder
     */
    public FakeGitLabBuilder version(String value) {
        FakeOptions.Version.parse(value);
        this.version = value;
        return this;
    }

    /**
     * GitLab's configured external URL (default: the address it listens on). Pagination links and
     * {@code web_url}s carry it, not the address the client used.
     *
     * @param value e.g. {@code https://gitlab.example.com}
     * @return this builder
     */
    public FakeGitLabBuilder externalUrl(String value) {
        URI uri = URI.create(value);
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalArgumentException("the external URL needs a scheme and a host: " + value);
        }
        this.externalUrl = value.replaceAll("/+$", "");
        return this;
    }

    /**
     * The clock for rate-limit windows, fault windows, token expiry and user activity (default the system's,
     * UTC); a test's own clock makes them deterministic.
     *
     * @param value the clock
     * @return this builder
     */
    public FakeGitLabBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /**
     * Whether the licence includes custom roles (default false): without, GitLab drops {@code member_role_id}
     * silently; with, it validates it against the roles seeded by {@link FakeGitLab#seedMemberRole}.
     *
     * @param value on or off
     * @return this builder
     */
    public FakeGitLabBuilder customRoles(boolean value) {
        this.customRoles = value;
        return this;
    }

    /**
     * GitLab's {@code members_delete_limit}: member deletions allowed per minute, per group or project and
     * caller (default 60; 0 turns the limit off).
     *
     * @param value the limit
     * @return this builder
     */
    public FakeGitLabBuilder membersDeleteLimit(int value) {
        this.membersDeleteLimit = Math.max(0, value);
        return this;
    }

    /**
     * GitLab's {@code users_get_by_id_limit}: {@code GET /users/:id} calls allowed per ten minutes to a
     * non-admin caller (default 300; 0 turns the limit off).
     *
     * @param value the limit
     * @return this builder
     */
    public FakeGitLabBuilder usersGetByIdLimit(int value) {
        this.usersGetByIdLimit = Math.max(0, value);
        return this;
    }

    /**
     * GitLab's {@code deactivate_dormant_users_period}: a user active within this many days cannot be
     * deactivated (default 90).
     *
     * @param value the days
     * @return this builder
     */
    public FakeGitLabBuilder deactivateDormantUsersPeriodDays(int value) {
        this.dormantDays = value;
        return this;
    }

    /**
     * Server threads (default 16); latency faults hold one each.
     *
     * @param value the count
     * @return this builder
     */
    public FakeGitLabBuilder threads(int value) {
        this.threads = value;
        return this;
    }

    /**
     * Enforces GitLab's request throttle: a per-minute request limit with {@code RateLimit-*} headers on every
     * answer and 429 beyond it; off (0) by default.
     *
     * @param value requests per minute
     * @return this builder
     */
    public FakeGitLabBuilder rateLimitPerMinute(int value) {
        this.rateLimitPerMinute = value;
        return this;
    }

    /**
     * The SAML provider's default membership role, which SCIM gives users it adds to a group (default 10, Guest).
     *
     * @param value the access level
     * @return this builder
     */
    public FakeGitLabBuilder defaultScimAccessLevel(int value) {
        this.defaultScimLevel = value;
        return this;
    }

    /**
     * Starts the fake.
     *
     * @return the running fake
     */
    public FakeGitLab start() {
        return FakeGitLab.start(this);
    }
}
