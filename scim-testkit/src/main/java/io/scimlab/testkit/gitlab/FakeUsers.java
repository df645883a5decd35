package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.lower;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Caller;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Identity;
import io.scimlab.testkit.gitlab.FakeState.User;
import io.scimlab.testkit.gitlab.FakeViews.UserView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Users and their identities: {@code /users}, {@code /users/:id}, {@code /user} ({@code lib/api/users.rb}). */
final class FakeUsers {
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_.][a-zA-Z0-9_.-]*");
    private static final List<String> ORDERS = List.of("id", "name", "username", "created_at", "updated_at");

    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeViews views;
    private final FakeRateLimiter limiter;

    FakeUsers(FakeState state, FakeRest rest, FakeAudit audit, FakeViews views, FakeRateLimiter limiter) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.views = views;
        this.limiter = limiter;
    }

    // ------------------------------------------------------------------ seeding

    long seedUser(String username, String email, String name, boolean admin) {
        if (state.findByUsername(username).isPresent() || state.findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("username or email already taken: " + username);
        }
        User u = new User(state.nextUserId++, username, name, email, state.now());
        u.admin = admin;
        state.users.put(u.id, u);
        return u.id;
    }

    void seedIdentity(long userId, String provider, String externUid) {
        User u = state.user(userId);
        u.identities.removeIf(i -> i.provider.equals(provider));
        u.identities.add(new Identity(provider, externUid, null));
    }

    // ------------------------------------------------------------------ routes

    /** {@code GET /users}. */
    Resp listUsers(Req r, Caller caller) {
        ObjectNode q = r.params();
        User me = caller.present() ? caller.require() : null;
        validateOrder(q);
        allOrNone(q);
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (me == null && str(q, "username").isEmpty()) {
            throw FakeError.message(403, "403 Forbidden - Not authorized to access /api/v4/users");
        }
        boolean admin = me != null && state.isAdmin(me);
        if (externUid.isPresent()) {
            if (me == null) {
                throw FakeError.message(401, "401 Unauthorized");
            }
            if (!admin) {
                throw FakeError.message(403, "403 Forbidden");
            }
        }
        Predicate<User> filter = u -> true;
        Optional<String> username = str(q, "username");
        if (username.isPresent()) {
            filter = filter.and(u -> u.username.equalsIgnoreCase(username.get()));
        }
        Optional<String> search = str(q, "search");
        if (search.isPresent()) {
            filter = filter.and(u -> searchMatches(u, search.get(), admin, true));
        }
        if (externUid.isPresent()) {
            filter = filter.and(u -> u.identities.stream().anyMatch(i -> i.provider.equals(provider.orElseThrow())
                    && i.externUid.equalsIgnoreCase(externUid.get())));
        }
        if (bool(q, "active")) {
            filter = filter.and(u -> u.state.equals("active"));
        }
        if (bool(q, "blocked")) {
            // User.blocked is both blocked and ldap_blocked.
            filter = filter.and(u -> u.state.equals("blocked") || u.state.equals("ldap_blocked"));
        }
        UserView view = admin ? UserView.ADMIN : UserView.BASIC;
        List<User> matching = state.users.values().stream().filter(filter).toList();
        String orderBy = str(q, "order_by").orElse("id");
        boolean desc = str(q, "sort").orElse("desc").equals("desc");
        List<User> sorted = new ArrayList<>(matching);
        if (search.isPresent() && str(q, "order_by").isEmpty() && str(q, "sort").isEmpty()) {
            // User.search orders exact matches first (username, then name), then by name.
            sorted.sort(Comparator.comparingInt((User u) -> searchRank(u, search.get()))
                    .thenComparing(u -> u.name).thenComparing(u -> -u.id));
        } else {
            Comparator<User> c = Comparator.<User, Comparable<Object>>comparing(u -> key(u, orderBy))
                    .thenComparingLong(u -> u.id);
            sorted.sort(desc ? c.reversed() : c);
        }
        if ("keyset".equals(str(q, "pagination").orElse(""))) {
            return rest.keyset(r, sorted, u -> key(u, orderBy), u -> u.id, orderBy, desc, u -> views.user(u, view));
        }
        return rest.page(r, sorted.stream().map(u -> views.user(u, view)).toList());
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> key(User u, String orderBy) {
        Comparable<?> k = switch (orderBy) {
            case "name" -> u.name;
            case "username" -> u.username;
            case "created_at", "updated_at" -> u.createdAt.toString();
            default -> u.id;
        };
        return (Comparable<Object>) k;
    }

    private static void validateOrder(ObjectNode q) {
        Optional<String> orderBy = str(q, "order_by");
        if (orderBy.isPresent() && !ORDERS.contains(orderBy.get())) {
            throw FakeError.error(400, "order_by does not have a valid value");
        }
        Optional<String> sort = str(q, "sort");
        if (sort.isPresent() && !List.of("asc", "desc").contains(sort.get())) {
            throw FakeError.error(400, "sort does not have a valid value");
        }
    }

    /** Grape's {@code all_or_none_of :extern_uid, :provider}. */
    private static void allOrNone(ObjectNode q) {
        if (str(q, "extern_uid").isPresent() != str(q, "provider").isPresent()) {
            throw FakeError.error(400, "extern_uid, provider provide all or none of parameters");
        }
    }

    /**
     * {@code User.search}: name or username containing the term (shorter than 3 characters: equal to it), or an
     * email equal to it; only administrators search private emails, everyone else the (empty) public email. The
     * members API searches without the minimum length ({@code use_minimum_char_limit: false}).
     */
    static boolean searchMatches(User u, String query, boolean admin, boolean minimumLength) {
        String term = withoutAt(query);
        String t = lower(term);
        boolean partial = !minimumLength || t.length() >= 3;
        boolean name = partial ? lower(u.name).contains(t) : lower(u.name).equals(t);
        boolean username = partial ? lower(u.username).contains(t) : lower(u.username).equals(t);
        return name || username || (admin && u.email.equalsIgnoreCase(term));
    }

    /** {@code User.search} drops a leading {@code @}. */
    private static String withoutAt(String query) {
        return query.startsWith("@") ? query.substring(1) : query;
    }

    /** {@code User.search}'s order: the public email (empty in the fake), then the username, then the name. */
    static int searchRank(User u, String query) {
        String term = withoutAt(query);
        if (u.username.equalsIgnoreCase(term)) {
            return 1;
        }
        return u.name.equalsIgnoreCase(term) ? 2 : 3;
    }

    /** {@code GET /users/:id}: {@code User} entity for non-admins, who are rate-limited per caller. */
    Resp getUser(Req r, Caller caller, String id) {
        if (!caller.present()) {
            throw FakeError.message(403, "403 Forbidden - Not authorized!");
        }
        User me = caller.require();
        boolean admin = state.isAdmin(me);
        if (!admin) {
            limiter.check(FakeRateLimiter.Key.USERS_GET_BY_ID, "user:" + me.id);
        }
        return Resp.of(200, views.user(state.user404(id), admin ? UserView.ADMIN : UserView.USER));
    }

    /** {@code GET /user}: {@code UserWithAdmin} for an administrator, {@code UserPublic} otherwise. */
    Resp currentUser(User me) {
        return Resp.of(200, views.user(me, me.admin ? UserView.ADMIN : UserView.PUBLIC));
    }

    /** {@code POST /users}: parameter errors (all, in declaration order), then the admin check, then the save. */
    Resp createUser(Req r, User me) {
        ObjectNode q = r.params();
        List<String> errors = new ArrayList<>();
        if (str(q, "email").isEmpty()) {
            errors.add("email is missing");
        }
        if (str(q, "password").isEmpty() && !q.has("reset_password") && !q.has("force_random_password")) {
            errors.add("password, reset_password, force_random_password are missing, at least one parameter must "
                    + "be provided");
        }
        if (str(q, "name").isEmpty()) {
            errors.add("name is missing");
        }
        if (str(q, "username").isEmpty()) {
            errors.add("username is missing");
        }
        if (str(q, "extern_uid").isPresent() != str(q, "provider").isPresent()) {
            errors.add("extern_uid, provider provide all or none of parameters");
        }
        if (!errors.isEmpty()) {
            throw FakeError.error(400, String.join(", ", errors));
        }
        state.requireUserAdmin(me);
        String username = str(q, "username").orElseThrow();
        String email = str(q, "email").orElseThrow();
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        Map<String, List<String>> invalid = validation(username, email);
        boolean identityTaken = externUid.isPresent() && state.identityOwner(provider.orElseThrow(), externUid.get())
                .isPresent();
        boolean taken = state.findByEmail(email).isPresent() || state.findByUsername(username).isPresent();
        if (!invalid.isEmpty() || identityTaken || taken) {
            // The save failed; only then does the API look for the conflicts it reports as 409.
            if (state.findByEmail(email).isPresent()) {
                throw FakeError.message(409, "Email has already been taken");
            }
            if (state.findByUsername(username).isPresent()) {
                throw FakeError.message(409, "Username has already been taken");
            }
            if (identityTaken) {
                invalid.put("identities.extern_uid", List.of("has already been taken"));
            }
            throw FakeError.fields(invalid);
        }
        User u = new User(state.nextUserId++, username, str(q, "name").orElseThrow(), email, state.now());
        u.note = str(q, "note").orElse(null);
        u.external = bool(q, "external");
        u.admin = bool(q, "admin");
        externUid.ifPresent(x -> u.identities.add(new Identity(provider.orElseThrow(), x, null)));
        state.users.put(u.id, u);
        audit.record(me, u.id, "User", "user_created", "Created user " + u.username, null);
        return Resp.of(201, views.user(u, UserView.ADMIN));
    }

    private static Map<String, List<String>> validation(String username, String email) {
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        if (!USERNAME.matcher(username).matches() || username.endsWith(".git") || username.endsWith(".")) {
            invalid.put("username", List.of("can contain only letters, digits, '_', '-' and '.'. "
                    + "Cannot start with '-' or end in '.', '.git' or '.atom'."));
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            invalid.put("email", List.of("is invalid"));
        }
        return invalid;
    }

    /**
     * {@code PUT /users/:id}: the 409 checks come before the save; an {@code extern_uid} another user holds is not
     * applied, silently ({@code Users::UpdateService#assign_identity} ignores the failed update), and the answer is
     * still 200.
     */
    Resp updateUser(Req r, User me, String id) {
        ObjectNode q = r.params();
        allOrNone(q);
        state.requireUserAdmin(me);
        User u = state.user404(id);
        Optional<String> username = str(q, "username");
        Optional<String> email = str(q, "email");
        if (email.isPresent() && state.findByEmail(email.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Email has already been taken");
        }
        if (username.isPresent() && state.findByUsername(username.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Username has already been taken");
        }
        Map<String, List<String>> invalid = validation(username.orElse(u.username), email.orElse(u.email));
        if (!invalid.isEmpty()) {
            throw FakeError.fields(invalid);
        }
        username.ifPresent(v -> u.username = v);
        // Without skip_reconfirmation the new address waits for confirmation and the primary stays.
        if (email.isPresent() && bool(q, "skip_reconfirmation")) {
            u.email = email.get();
        }
        str(q, "name").ifPresent(v -> u.name = v);
        str(q, "note").ifPresent(v -> u.note = v);
        if (q.has("external")) {
            u.external = bool(q, "external");
        }
        if (q.has("admin")) {
            u.admin = bool(q, "admin");
        }
        Optional<String> externUid = str(q, "extern_uid");
        if (externUid.isPresent()) {
            String provider = str(q, "provider").orElseThrow();
            Optional<User> owner = state.identityOwner(provider, externUid.get());
            if (owner.isEmpty() || owner.get() == u) {
                Optional<Identity> existing = u.identity(provider);
                if (existing.isPresent()) {
                    existing.get().externUid = externUid.get();
                } else {
                    u.identities.add(new Identity(provider, externUid.get(), null));
                }
            }
        }
        audit.record(me, u.id, "User", "user_updated", "Updated user " + u.username, null);
        return Resp.of(200, views.user(u, UserView.ADMIN));
    }

    /**
     * {@code DELETE /users/:id}: 409 for the sole owner of a group unless {@code hard_delete}. GitLab deletes in the
     * background; the fake at once.
     */
    Resp deleteUser(Req r, User me, String id) {
        state.requireUserAdmin(me);
        User u = state.user404(id);
        if (!bool(r.params(), "hard_delete") && soleOwner(u)) {
            throw FakeError.message(409, "User cannot be removed while is the sole-owner of a group");
        }
        state.removeUser(u);
        audit.record(me, u.id, "User", "user_destroyed", "Removed user " + u.username, null);
        return Resp.of(204, null);
    }

    /** {@code User#can_be_removed?} is false: the user is the last owner of a group they directly own. */
    boolean soleOwner(User u) {
        for (Group g : state.groups.values()) {
            var ms = state.direct(g).get(u.id);
            if (ms != null && ms.level == 50 && state.lastOwner(g, u.id)) {
                return true;
            }
        }
        return false;
    }

    /** {@code DELETE /users/:id/identities/:provider}. */
    Resp deleteIdentity(User me, String userId, String provider) {
        state.requireUserAdmin(me);
        User u = state.user404(userId);
        if (!u.identities.removeIf(i -> i.provider.equals(provider))) {
            throw FakeError.message(404, "404 Identity Not Found");
        }
        return Resp.of(204, null);
    }
}
