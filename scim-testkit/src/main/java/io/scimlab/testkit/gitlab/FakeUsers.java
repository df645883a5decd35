package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.str;
import static io.scimlab.testkit.gitlab.FakeState.now;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Membership;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Users and their identities: {@code /users}, {@code /user}, state changes, and the user JSON views. */
final class FakeUsers {
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_.][a-zA-Z0-9_.-]*");

    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;

    FakeUsers(FakeState state, FakeRest rest, FakeAudit audit) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ seeding and inspection

    long seedUser(String username, String email, String name, boolean admin) {
        if (state.findByUsername(username).isPresent() || state.findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("username or email already taken: " + username);
        }
        User u = new User(state.nextUserId++, username, name, email, now());
        u.admin = admin;
        state.users.put(u.id, u);
        return u.id;
    }

    void seedIdentity(long userId, String provider, String externUid) {
        state.user(userId).identities.add(new String[] {provider, externUid});
    }

    void seedState(long userId, String newState) {
        state.user(userId).state = newState;
    }

    Optional<String> userState(long userId) {
        return Optional.ofNullable(state.users.get(userId)).map(u -> u.state);
    }

    int userCount() {
        return state.users.size();
    }

    // ------------------------------------------------------------------ routes

    Resp listUsers(Req r, User me) {
        ObjectNode q = r.params();
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() != provider.isPresent()) {
            throw FakeError.error(400, externUid.isPresent() ? "provider is missing" : "extern_uid is missing");
        }
        if (externUid.isPresent() && (state.gitlabCom || !me.admin)) {
            throw FakeError.message(403, "403 Forbidden - Not authorized to filter by extern_uid");
        }
        Predicate<User> filter = u -> true;
        Optional<String> username = str(q, "username");
        if (username.isPresent()) {
            filter = filter.and(u -> u.username.equalsIgnoreCase(username.get()));
        }
        Optional<String> search = str(q, "search").map(x -> x.toLowerCase(Locale.ROOT));
        if (search.isPresent()) {
            String term = search.get();
            filter = filter.and(u -> u.username.toLowerCase(Locale.ROOT).contains(term)
                    || u.name.toLowerCase(Locale.ROOT).contains(term) || u.email.equalsIgnoreCase(term));
        }
        if (externUid.isPresent()) {
            filter = filter.and(u -> u.identities.stream()
                    .anyMatch(i -> i[0].equals(provider.get()) && i[1].equals(externUid.get())));
        }
        if (bool(q, "active")) {
            filter = filter.and(u -> u.state.equals("active"));
        }
        if (bool(q, "blocked")) {
            filter = filter.and(u -> u.state.equals("blocked"));
        }
        Predicate<User> f = filter;
        boolean admin = me.admin && !state.gitlabCom;
        if ("keyset".equals(str(q, "pagination").orElse(""))) {
            return rest.keyset(r, state.users, u -> f.test(u) ? userJson(u, admin) : null);
        }
        return rest.page(r, state.users.values().stream().filter(f).map(u -> userJson(u, admin)).toList());
    }

    Resp createUser(Req r, User me) {
        state.requireUserAdmin(me);
        ObjectNode q = r.params();
        for (String required : List.of("email", "name", "username")) {
            if (str(q, required).isEmpty()) {
                throw FakeError.error(400, required + " is missing");
            }
        }
        if (str(q, "password").isEmpty() && !bool(q, "reset_password") && !bool(q, "force_random_password")) {
            throw FakeError.error(400, "password, reset_password, force_random_password are missing, "
                    + "at least one parameter must be provided");
        }
        String username = str(q, "username").orElseThrow();
        String email = str(q, "email").orElseThrow();
        validateUsernameAndEmail(username, email);
        if (state.findByEmail(email).isPresent()) {
            throw FakeError.message(409, "Email has already been taken");
        }
        if (state.findByUsername(username).isPresent()) {
            throw FakeError.message(409, "Username has already been taken");
        }
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() && provider.isPresent() && state.identityOwner(provider.get(), externUid.get())
                .isPresent()) {
            throw FakeError.field("identities.extern_uid", "has already been taken");
        }
        User u = new User(state.nextUserId++, username, str(q, "name").orElseThrow(), email, now());
        u.note = str(q, "note").orElse(null);
        u.external = bool(q, "external");
        if (externUid.isPresent() && provider.isPresent()) {
            u.identities.add(new String[] {provider.get(), externUid.get()});
        }
        state.users.put(u.id, u);
        audit.record(me, u.id, "User", "user_created", "Created user " + u.username, null);
        return Resp.of(201, userJson(u, true));
    }

    private static void validateUsernameAndEmail(String username, String email) {
        if (!USERNAME.matcher(username).matches() || username.endsWith(".git")) {
            throw FakeError.field("username", "can contain only letters, digits, '_', '-' and '.'. "
                    + "Cannot start with '-' or end in '.', '.git' or '.atom'.");
        }
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw FakeError.field("email", "is invalid");
        }
    }

    Resp updateUser(Req r, User me, User u) {
        state.requireUserAdmin(me);
        ObjectNode q = r.params();
        Optional<String> username = str(q, "username");
        Optional<String> email = str(q, "email");
        if (username.isPresent() || email.isPresent()) {
            validateUsernameAndEmail(username.orElse(u.username), email.orElse(u.email));
        }
        if (email.isPresent() && state.findByEmail(email.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Email has already been taken");
        }
        if (username.isPresent() && state.findByUsername(username.get()).filter(o -> o != u).isPresent()) {
            throw FakeError.message(409, "Username has already been taken");
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
        Optional<String> externUid = str(q, "extern_uid");
        Optional<String> provider = str(q, "provider");
        if (externUid.isPresent() && provider.isPresent()) {
            Optional<User> owner = state.identityOwner(provider.get(), externUid.get());
            if (owner.isPresent() && owner.get() != u) {
                throw FakeError.field("identities.extern_uid", "has already been taken");
            }
            u.identities.stream().filter(i -> i[0].equals(provider.get())).findFirst().ifPresentOrElse(
                    i -> i[1] = externUid.get(),
                    () -> u.identities.add(new String[] {provider.get(), externUid.get()}));
        }
        audit.record(me, u.id, "User", "user_updated", "Updated user " + u.username, null);
        return Resp.of(200, userJson(u, true));
    }

    Resp deleteUser(Req r, User me, User u) {
        state.requireUserAdmin(me);
        if (!bool(r.params(), "hard_delete")) {
            for (Map.Entry<Long, TreeMap<Long, Membership>> e : state.members.entrySet()) {
                Membership m = e.getValue().get(u.id);
                if (m != null && m.level == 50
                        && e.getValue().values().stream().filter(x -> x.level == 50).count() == 1) {
                    throw FakeError.message(409, "User is the sole owner of group "
                            + state.fullPath(state.groups.get(e.getKey())));
                }
            }
        }
        state.removeUser(u);
        audit.record(me, u.id, "User", "user_destroyed", "Removed user " + u.username, null);
        return Resp.of(204, null);
    }

    Resp stateChange(User me, User u, String action) {
        state.requireUserAdmin(me);
        String from = u.state;
        String to;
        switch (action) {
            case "block" -> to = "blocked";
            case "unblock" -> {
                if (from.equals("deactivated")) {
                    throw FakeError.message(403, "403 Forbidden - Deactivated users cannot be unblocked by the API");
                }
                if (from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be modified by the API");
                }
                to = from.equals("blocked") ? "active" : from;
            }
            case "deactivate" -> {
                if (from.equals("blocked") || from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - A blocked user cannot be deactivated by the API");
                }
                to = from.equals("active") ? "deactivated" : from;
            }
            case "activate" -> {
                if (from.equals("blocked") || from.equals("ldap_blocked")) {
                    throw FakeError.message(403, "403 Forbidden - A blocked user must be unblocked to be activated");
                }
                to = from.equals("deactivated") ? "active" : from;
            }
            case "ban" -> to = from.equals("active") ? "banned" : from;
            case "unban" -> to = from.equals("banned") ? "active" : from;
            default -> throw FakeError.error(404, "404 Not Found");
        }
        if (from.equals("ldap_blocked")) {
            throw FakeError.message(403, "403 Forbidden - LDAP blocked users cannot be modified by the API");
        }
        if (to.equals(from)) {
            return Resp.of(201, JSON.nullNode());
        }
        u.state = to;
        audit.record(me, u.id, "User", "user_" + action, action + " user " + u.username, null);
        return Resp.of(201, JSON.booleanNode(true));
    }

    /** {@code DELETE /users/:id/identities/:provider}. */
    Resp deleteIdentity(User me, String userId, String provider) {
        state.requireUserAdmin(me);
        User u = state.user404(userId);
        if (!u.identities.removeIf(i -> i[0].equals(provider))) {
            throw FakeError.message(404, "404 Identity Not Found");
        }
        return Resp.of(204, null);
    }

    ObjectNode userJson(User u, boolean admin) {
        ObjectNode n = JSON.objectNode();
        n.put("id", u.id).put("username", u.username).put("name", u.name).put("state", u.state)
                .put("locked", false).put("avatar_url", state.baseUrl + "/uploads/-/system/user/avatar/" + u.id
                        + "/avatar.png").put("web_url", state.baseUrl + "/" + u.username);
        if (!admin) {
            return n;
        }
        n.put("created_at", u.createdAt.toString()).put("bio", "").put("location", "").put("public_email", "")
                .put("linkedin", "").put("twitter", "").put("discord", "").put("website_url", "")
                .put("organization", "").put("job_title", "").putNull("pronouns").put("bot", u.bot)
                .putNull("work_information").put("followers", 0).put("following", 0).put("is_followed", false)
                .putNull("local_time").putNull("last_sign_in_at").put("confirmed_at", u.createdAt.toString())
                .putNull("last_activity_on").put("email", u.email).put("theme_id", 1).put("color_scheme_id", 1)
                .put("projects_limit", 100_000).putNull("current_sign_in_at");
        ArrayNode identities = n.putArray("identities");
        for (String[] i : u.identities) {
            identities.addObject().put("provider", i[0]).put("extern_uid", i[1]);
        }
        n.put("can_create_group", true).put("can_create_project", true).put("two_factor_enabled", false)
                .put("external", u.external).put("private_profile", false).put("commit_email", u.email)
                .put("is_admin", u.admin);
        if (u.note == null) {
            n.putNull("note");
        } else {
            n.put("note", u.note);
        }
        n.put("namespace_id", u.id).putNull("created_by");
        return n;
    }
}
