package io.scimlab.testkit.gitlab;

import com.sun.net.httpserver.HttpServer;
import io.scimlab.testkit.gitlab.FakeState.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A stateful fake GitLab on the JDK's HTTP server, bound to 127.0.0.1 on a free port. It answers GitLab's REST v4
 * paths (users, groups, projects, members, SAML group links, service accounts, tokens, audit events, version) and
 * GitLab's SCIM API with GitLab's status codes, error bodies and pagination headers, so any HTTP client can be tested
 * against it. Every behaviour it has is confirmed in GitLab's source and listed, with the source path and the test
 * that shows it, in the repository's {@code docs/gitlab-behaviour.md}.
 *
 * <p>Two modes: {@link Mode#SELF_MANAGED} (the admin token may manage users; instance SCIM at
 * {@code /api/scim/v2/application}) and {@link Mode#GITLAB_COM} ({@code /users} writes answer 403; group SCIM at
 * {@code /api/scim/v2/groups/:path}). {@link FakeGitLabBuilder} options pick the GitLab version, its external URL,
 * its clock and the application settings the fake models. Faults ({@link #inject(Fault)}), a request {@link #journal()},
 * seeding methods and test hooks such as {@link #signIn(long)} make tests precise. Thread-safe.
 *
 * <p>Simplifications (see the behaviour document): the caller's group role is checked only where GitLab answers
 * unusually (SAML group links, billable members); deletions complete at once.
 *
 * <p><b>Run your tests with {@code -Dsun.net.httpserver.nodelay=true}.</b> The JDK's HTTP server writes a
 * response's headers and its body separately; with Nagle's algorithm on (the JDK's default) the body then waits
 * for the client's delayed ACK, about 40 ms a request, which caps the fake near 25 requests a second per
 * connection. The JDK takes the switch only from that JVM-wide system property, read once when its first HTTP
 * server starts, and the fake, being a library, sets no system property: set it for the test JVM, e.g. in Maven
 * Surefire's {@code <systemPropertyVariables>}, Gradle's {@code test { systemProperty(...) }} or on the command
 * line. Without it the fake logs a hint once.
 */
public final class FakeGitLab implements AutoCloseable {
    /** Which GitLab the fake imitates. */
    public enum Mode {
        /** A self-managed instance: admin token, {@code /users} writes, instance-level SCIM. */
        SELF_MANAGED,
        /** GitLab.com: no {@code /users} writes, group-level SCIM, only subgroups may be created. */
        GITLAB_COM
    }

    /** The JDK's switch for TCP_NODELAY on its HTTP server's connections; see the class documentation. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final AtomicBoolean NODELAY_HINTED = new AtomicBoolean();

    private final Mode mode;
    private final FakeOptions options;
    private final FakeApi api;
    private final FakeHttp http;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final String adminToken;
    private final long adminId;

    private FakeGitLab(FakeGitLabBuilder b) {
        this.mode = b.mode;
        this.options = new FakeOptions(b.mode == Mode.GITLAB_COM, FakeOptions.Version.parse(b.version),
                b.externalUrl == null ? "" : b.externalUrl, b.clock, b.customRoles, b.membersDeleteLimit,
                b.usersGetByIdLimit, b.dormantDays, b.defaultScimLevel, b.rateLimitPerMinute);
        this.api = new FakeApi(options);
        this.http = new FakeHttp(api, options);
        this.adminId = api.locked(a -> a.users.seedUser("root", "admin@example.com", "Administrator",
                b.mode == Mode.SELF_MANAGED));
        this.adminToken = api.locked(a -> a.tokens.seedToken(adminId, List.of("api"), b.adminToken));
        if (System.getProperty(NODELAY_PROPERTY) == null && NODELAY_HINTED.compareAndSet(false, true)) {
            System.getLogger(FakeGitLab.class.getName()).log(System.Logger.Level.INFO, "FakeGitLab: "
                    + NODELAY_PROPERTY + " is not set, so each response may wait about 40 ms for a delayed ACK;"
                    + " run the tests with -D" + NODELAY_PROPERTY + "=true");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "fake-gitlab-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", http::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        String external = b.externalUrl == null ? baseUrl : b.externalUrl;
        api.locked(a -> a.state.externalUrl = external);
    }

    static FakeGitLab start(FakeGitLabBuilder b) {
        return new FakeGitLab(b);
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static FakeGitLabBuilder builder() {
        return new FakeGitLabBuilder();
    }

    /**
     * Starts a self-managed fake with default settings.
     *
     * @return the running fake
     */
    public static FakeGitLab selfManaged() {
        return builder().mode(Mode.SELF_MANAGED).start();
    }

    /**
     * Starts a GitLab.com fake with default settings.
     *
     * @return the running fake
     */
    public static FakeGitLab gitlabCom() {
        return builder().mode(Mode.GITLAB_COM).start();
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The address the fake listens on, e.g. {@code http://127.0.0.1:41234} (REST is under {@code /api/v4}).
     *
     * @return the URL
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * GitLab's configured external URL, used in {@code web_url}s and pagination links: {@link #baseUrl()} unless
     * {@link FakeGitLabBuilder#externalUrl(String)} chose another.
     *
     * @return the URL
     */
    public String externalUrl() {
        return api.locked(a -> a.state.externalUrl);
    }

    /**
     * The GitLab version the fake imitates, as {@code GET /version} reports it.
     *
     * @return e.g. {@code 18.6.0-ee}
     */
    public String version() {
        return options.version().text();
    }

    /**
     * The token of user {@code root} (id 1): an administrator in self-managed mode, a plain user (who may manage
     * groups) in GitLab.com mode.
     *
     * @return the token
     */
    public String adminToken() {
        return adminToken;
    }

    /**
     * The user id behind {@link #adminToken()}.
     *
     * @return the id
     */
    public long adminUserId() {
        return adminId;
    }

    // ------------------------------------------------------------------ seeding

    /**
     * Adds an active user.
     *
     * @param username the username
     * @param email    the email
     * @return the user id
     */
    public long seedUser(String username, String email) {
        return seedUser(username, email, username);
    }

    /**
     * Adds an active user with a display name.
     *
     * @param username the username
     * @param email    the email
     * @param name     the display name
     * @return the user id
     */
    public long seedUser(String username, String email, String name) {
        return api.locked(a -> a.users.seedUser(username, email, name, false));
    }

    /**
     * Adds {@code count} users named {@code prefix1..prefixN} with emails {@code prefixN@example.com}.
     *
     * @param prefix the username prefix
     * @param count  how many
     * @return the ids in order
     */
    public List<Long> seedUsers(String prefix, int count) {
        List<Long> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(seedUser(prefix + i, prefix + i + "@example.com", prefix + " " + i));
        }
        return ids;
    }

    /**
     * Adds (or replaces) a user's identity for a provider.
     *
     * @param userId    the user
     * @param provider  the provider, e.g. {@code group_saml} or {@code saml}
     * @param externUid the external id
     */
    public void seedIdentity(long userId, String provider, String externUid) {
        api.run(a -> a.users.seedIdentity(userId, provider, externUid));
    }

    /**
     * Puts a user in a state directly: {@code active}, {@code deactivated}, {@code blocked}, {@code ldap_blocked},
     * {@code banned} or {@code blocked_pending_approval}.
     *
     * @param userId the user
     * @param state  the state
     */
    public void seedUserState(long userId, String state) {
        api.run(a -> a.userStates.seedState(userId, state));
    }

    /**
     * Records that a user was last active on a day (GitLab's {@code last_activity_on}), e.g. to make them dormant.
     *
     * @param userId the user
     * @param day    the day
     */
    public void seedLastActivity(long userId, LocalDate day) {
        api.locked(a -> a.state.user(userId).lastActivityOn = day);
    }

    /**
     * The user signs in through the web, which records activity and reactivates a deactivated user.
     *
     * @param userId the user
     * @throws IllegalStateException if the user is blocked, banned or pending approval
     */
    public void signIn(long userId) {
        api.run(a -> a.userStates.signIn(userId));
    }

    /**
     * Adds a top-level group.
     *
     * @param path the path (also used as name)
     * @return the group id
     */
    public long seedGroup(String path) {
        return api.locked(a -> a.groups.seedGroup(path, path, null));
    }

    /**
     * Adds a subgroup.
     *
     * @param parentId the parent id
     * @param path     the path (also used as name)
     * @return the group id
     */
    public long seedSubgroup(long parentId, String path) {
        return api.locked(a -> a.groups.seedGroup(path, path, parentId));
    }

    /**
     * Adds a project to a group.
     *
     * @param groupId the group
     * @param path    the path (also used as name)
     * @return the project id
     */
    public long seedProject(long groupId, String path) {
        return api.locked(a -> a.projects.seedProject(groupId, path));
    }

    /**
     * Seeds the demo tree the sandbox uses: {@code <top>}, {@code <top>/engineering},
     * {@code <top>/engineering/backend} and {@code <top>/design}, with {@code root} as the top group's owner (as
     * the creator of a group is) and SAML configured on it, and the project {@code <top>/engineering/api}.
     *
     * @param top the top-level group's path, e.g. {@code demo}
     * @return the groups' and the project's ids
     */
    public DemoTree seedDemoTree(String top) {
        return api.locked(a -> a.groups.seedDemoTree(top, adminId, g -> a.projects.seedProject(g, "api")));
    }

    /**
     * Adds or replaces a direct group membership.
     *
     * @param groupId     the group
     * @param userId      the user
     * @param accessLevel the level, e.g. 30
     */
    public void seedMember(long groupId, long userId, int accessLevel) {
        api.run(a -> {
            a.state.group(groupId);
            a.members.seedMember(Source.group(groupId), userId, accessLevel);
        });
    }

    /**
     * Adds or replaces a direct project membership.
     *
     * @param projectId   the project
     * @param userId      the user
     * @param accessLevel the level, e.g. 30
     */
    public void seedProjectMember(long projectId, long userId, int accessLevel) {
        api.run(a -> {
            a.state.project(projectId);
            a.members.seedMember(Source.project(projectId), userId, accessLevel);
        });
    }

    /**
     * Adds a custom role to a top-level group; members may use it when the licence has custom roles
     * ({@link FakeGitLabBuilder#customRoles(boolean)}).
     *
     * @param groupId   the top-level group
     * @param name      the role's name
     * @param baseLevel the base access level, e.g. 10
     * @return the role id ({@code member_role_id})
     */
    public long seedMemberRole(long groupId, String name, int baseLevel) {
        return api.locked(a -> a.groups.seedMemberRole(groupId, name, baseLevel));
    }

    /**
     * Adds a custom role of the instance (self-managed), usable in every group.
     *
     * @param name      the role's name
     * @param baseLevel the base access level
     * @return the role id
     */
    public long seedInstanceMemberRole(String name, int baseLevel) {
        return api.locked(a -> a.groups.seedMemberRole(null, name, baseLevel));
    }

    /**
     * Adds a SAML group link.
     *
     * @param groupId     the group
     * @param name        the SAML group name
     * @param accessLevel the level
     */
    public void seedSamlGroupLink(long groupId, String name, int accessLevel) {
        api.run(a -> a.samlLinks.seed(groupId, name, accessLevel));
    }

    /**
     * Issues a personal access token for a user (scope {@code api}, valid a year).
     *
     * @param userId the user
     * @return the token value
     */
    public String seedToken(long userId) {
        return api.locked(a -> a.tokens.seedToken(userId, List.of("api"), null));
    }

    /**
     * Configures SAML on a top-level group (GitLab.com mode) and issues its SCIM token.
     *
     * @param groupId the top-level group
     * @return the token, to send as {@code Authorization: Bearer}
     */
    public String seedGroupScimToken(long groupId) {
        return api.locked(a -> {
            a.groups.enableSaml(groupId);
            return a.scim.seedScimToken(groupId);
        });
    }

    /**
     * Issues the instance SCIM token (self-managed mode).
     *
     * @return the token, to send as {@code Authorization: Bearer}
     */
    public String seedInstanceScimToken() {
        return api.locked(a -> a.scim.seedScimToken(null));
    }

    // ------------------------------------------------------------------ inspection

    /**
     * A user's state, read without going through HTTP.
     *
     * @param userId the user
     * @return the state, empty when the user does not exist
     */
    public Optional<String> userState(long userId) {
        return api.locked(a -> Optional.ofNullable(a.state.users.get(userId)).map(u -> u.state));
    }

    /**
     * A user's {@code last_activity_on}.
     *
     * @param userId the user
     * @return the day, empty when never active or unknown
     */
    public Optional<LocalDate> lastActivity(long userId) {
        return api.locked(a -> Optional.ofNullable(a.state.users.get(userId)).map(u -> u.lastActivityOn));
    }

    /**
     * A user's external id for a provider.
     *
     * @param userId   the user
     * @param provider e.g. {@code group_saml}
     * @return the extern uid, empty when the user has no such identity
     */
    public Optional<String> externUid(long userId, String provider) {
        return api.locked(a -> Optional.ofNullable(a.state.users.get(userId)).flatMap(u -> u.identity(provider))
                .map(i -> i.externUid));
    }

    /**
     * Whether a SCIM identity is active: of a group (GitLab.com) or, with a null group, of the instance.
     *
     * @param groupId  the top-level group, null for instance SCIM
     * @param externId the identity's extern uid
     * @return the flag, empty when there is no such identity
     */
    public Optional<Boolean> scimIdentityActive(@Nullable Long groupId, String externId) {
        return api.locked(a -> a.scim.identityActive(groupId, externId));
    }

    /**
     * Whether a user is a service account: {@code "instance"}, {@code "group:<id>"} for a group's, empty for a
     * person or an unknown user.
     *
     * @param userId the user
     * @return the kind
     */
    public Optional<String> serviceAccountKind(long userId) {
        return api.locked(a -> a.serviceAccounts.serviceAccountKind(userId));
    }

    /**
     * A direct group membership's level.
     *
     * @param groupId the group
     * @param userId  the user
     * @return the level, empty when not a direct member
     */
    public Optional<Integer> memberLevel(long groupId, long userId) {
        return api.locked(a -> Optional.ofNullable(a.state.direct(Source.group(groupId)).get(userId))
                .map(m -> m.level));
    }

    /**
     * A direct project membership's level.
     *
     * @param projectId the project
     * @param userId    the user
     * @return the level, empty when not a direct member
     */
    public Optional<Integer> projectMemberLevel(long projectId, long userId) {
        return api.locked(a -> Optional.ofNullable(a.state.direct(Source.project(projectId)).get(userId))
                .map(m -> m.level));
    }

    /**
     * The number of users, including {@code root}.
     *
     * @return the count
     */
    public int userCount() {
        return api.locked(a -> a.state.users.size());
    }

    /**
     * The id of a token, for GitLab's rotate-by-id endpoints.
     *
     * @param token the value
     * @return the id, empty for an unknown value
     */
    public OptionalLong tokenId(String token) {
        return api.locked(a -> a.tokens.tokenId(token));
    }

    /**
     * A token's expiry date ({@code yyyy-mm-dd}).
     *
     * @param token the value
     * @return the date, empty for an unknown value or a token without expiry
     */
    public Optional<String> tokenExpiry(String token) {
        return api.locked(a -> a.tokens.tokenExpiry(token));
    }

    /**
     * Sets a token's expiry date; like GitLab, a token is refused (401) from 00:00 UTC of that day.
     *
     * @param token the value
     * @param date  the expiry date
     */
    public void setTokenExpiry(String token, LocalDate date) {
        api.run(a -> a.tokens.tokenExpires(token, date));
    }

    /**
     * Revokes one token, as an administrator would in the UI.
     *
     * @param token the value
     */
    public void revokeToken(String token) {
        api.run(a -> a.tokens.revokeToken(token));
    }

    /**
     * Whether a token value still authenticates.
     *
     * @param token the value
     * @return true when known, not revoked and not expired
     */
    public boolean tokenActive(String token) {
        return api.locked(a -> a.tokens.tokenActive(token));
    }

    /**
     * The requests received so far, oldest first.
     *
     * @return a snapshot
     */
    public List<JournalEntry> journal() {
        synchronized (http.journal) {
            return List.copyOf(http.journal);
        }
    }

    /**
     * The requests received so far with this method whose raw path matches the regular expression.
     *
     * @param method    the method
     * @param pathRegex the path pattern
     * @return the matching entries
     */
    public List<JournalEntry> journal(String method, String pathRegex) {
        return journal().stream().filter(e -> e.method().equals(method) && e.path().matches(pathRegex)).toList();
    }

    /** Forgets the journal. */
    public void clearJournal() {
        http.journal.clear();
    }

    /**
     * How many requests arrived since start.
     *
     * @return the count
     */
    public long requestCount() {
        return http.requests.get();
    }

    // ------------------------------------------------------------------ faults

    /**
     * Applies a fault rule, in addition to those already applied; rules are checked in the order injected.
     *
     * @param fault the rule
     * @return the handle, to {@link InjectedFault#remove() remove} it or read its counts
     */
    public InjectedFault inject(Fault fault) {
        return http.inject(fault);
    }

    /**
     * The fault rules applied and not removed (some may be outside their time window).
     *
     * @return a snapshot, in the order injected
     */
    public List<InjectedFault> faults() {
        return List.copyOf(http.faults);
    }

    /** Removes all fault rules. */
    public void clearFaults() {
        faults().forEach(InjectedFault::remove);
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeGitLab[" + mode + " " + options.version().text() + " at " + baseUrl + "]";
    }
}
