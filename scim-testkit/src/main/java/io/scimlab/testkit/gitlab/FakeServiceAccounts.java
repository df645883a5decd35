package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.bool;
import static io.scimlab.testkit.gitlab.FakeRest.match;
import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.Token;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Service accounts: a top-level group's ({@code ee/lib/api/group_service_accounts.rb}) with their personal access
 * tokens, and the instance's ({@code /service_accounts}, administrators).
 */
final class FakeServiceAccounts {
    private final FakeState state;
    private final FakeRest rest;
    private final FakeAudit audit;
    private final FakeTokens tokens;
    private final FakeUsers users;

    FakeServiceAccounts(FakeState state, FakeRest rest, FakeAudit audit, FakeTokens tokens, FakeUsers users) {
        this.state = state;
        this.rest = rest;
        this.audit = audit;
        this.tokens = tokens;
        this.users = users;
    }

    Optional<String> serviceAccountKind(long userId) {
        User u = state.users.get(userId);
        if (u == null || !(u.instanceServiceAccount || u.serviceAccountOf != null)) {
            return Optional.empty();
        }
        return Optional.of(u.serviceAccountOf == null ? "instance" : "group:" + u.serviceAccountOf);
    }

    /** {@code /groups/:id/service_accounts[...]}. */
    Resp groupServiceAccounts(Req r, User me, Group g, List<String> p) {
        String m = r.method();
        if (g.parentId != null) {
            throw FakeError.message(400, "400 Bad request - Group must be a top-level group");
        }
        if (p.size() == 1) {
            if (m.equals("GET")) {
                String orderBy = str(r.params(), "order_by").orElse("id");
                if (!List.of("id", "username").contains(orderBy)) {
                    throw FakeError.error(400, "order_by does not have a valid value");
                }
                boolean desc = !str(r.params(), "sort").orElse("desc").equals("asc");
                Comparator<User> order = orderBy.equals("username") ? Comparator.comparing(u -> u.username)
                        : Comparator.comparingLong(u -> u.id);
                return rest.page(r, state.users.values().stream()
                        .filter(u -> Long.valueOf(g.id).equals(u.serviceAccountOf))
                        .sorted(desc ? order.reversed() : order).map(this::json).toList());
            }
            if (m.equals("POST")) {
                User u = create(r, "service_account_group_" + g.id + "_");
                u.serviceAccountOf = g.id;
                audit.record(me, u.id, "User", "service_account_created", "Created service account " + u.username,
                        g.id);
                return Resp.of(201, json(u));
            }
            return notAllowed();
        }
        User sa = state.users.get(FakeRest.parseId(p.get(1), "user_id"));
        if (sa == null || !Long.valueOf(g.id).equals(sa.serviceAccountOf)) {
            throw FakeError.message(404, "404 User Not Found");
        }
        Req withUser = r.with("user_id", p.get(1));
        if (p.size() == 2) {
            if (m.equals("DELETE")) {
                if (!bool(r.params(), "hard_delete") && users.soleOwner(sa)) {
                    throw FakeError.message(409, "User cannot be removed while is the sole-owner of a group");
                }
                state.removeUser(sa);
                return Resp.of(204, null);
            }
            if (m.equals("PATCH")) {
                str(r.params(), "name").ifPresent(v -> sa.name = v);
                str(r.params(), "username").ifPresent(v -> sa.username = v);
                str(r.params(), "email").ifPresent(v -> sa.email = v);
                return Resp.of(200, json(sa));
            }
            return notAllowed();
        }
        if (match(p, "service_accounts", "*", "personal_access_tokens")) {
            if (m.equals("GET")) {
                // The list arrived in GitLab 17.11; before, the path has no GET route at all.
                if (!state.options.version().atLeast(17, 11)) {
                    throw FakeError.error(404, "404 Not Found");
                }
                return rest.page(withUser, state.tokensById.values().stream().filter(t -> t.userId == sa.id)
                        .map(t -> tokens.tokenJson(t, false)).toList());
            }
            if (m.equals("POST")) {
                String name = str(r.params(), "name").orElseThrow(() -> FakeError.error(400, "name is missing"));
                Token t = tokens.newToken(sa.id, name, FakeTokens.scopes(r.params()), tokens.expiry(r.params()), null,
                        0, null);
                return Resp.of(201, tokens.tokenJson(t, true));
            }
            return notAllowed();
        }
        if (p.size() >= 4 && p.get(2).equals("personal_access_tokens")) {
            Token t = state.tokensById.get(FakeRest.parseId(p.get(3), "token_id"));
            if (t == null || t.userId != sa.id) {
                throw FakeError.message(404, "404 Personal Access Token Not Found");
            }
            if (p.size() == 4 && m.equals("DELETE")) {
                t.revoked = true;
                return Resp.of(204, null);
            }
            if (p.size() == 5 && p.get(4).equals("rotate") && m.equals("POST")) {
                return tokens.rotate(r, me, t);
            }
        }
        throw FakeError.error(404, "404 Not Found");
    }

    /** {@code GET/POST /service_accounts}: administrators of a self-managed instance. */
    Resp instanceServiceAccounts(Req r, User me) {
        state.requireUserAdmin(me);
        if (r.method().equals("GET")) {
            return rest.page(r, state.users.values().stream().filter(u -> u.instanceServiceAccount)
                    .map(this::json).toList());
        }
        if (!r.method().equals("POST")) {
            return notAllowed();
        }
        User u = create(r, "service_account_");
        u.instanceServiceAccount = true;
        audit.record(me, u.id, "User", "service_account_created", "Created service account " + u.username, null);
        return Resp.of(201, json(u));
    }

    /** A service account user: username {@code <prefix><hex>}, email {@code <username>@noreply.<host>}. */
    private User create(Req r, String usernamePrefix) {
        String username = str(r.params(), "username").orElse(usernamePrefix
                + HexFormat.of().toHexDigits(state.random.nextInt()));
        String email = str(r.params(), "email").orElse(username + "@noreply." + state.host());
        if (state.findByUsername(username).isPresent()) {
            throw FakeError.message(400, "400 Bad request - Username has already been taken");
        }
        if (state.findByEmail(email).isPresent()) {
            throw FakeError.message(400, "400 Bad request - Email has already been taken");
        }
        User u = new User(state.nextUserId++, username, str(r.params(), "name").orElse("Service account user"), email,
                state.now());
        u.bot = true;
        state.users.put(u.id, u);
        return u;
    }

    private ObjectNode json(User u) {
        return JSON.objectNode().put("id", u.id).put("username", u.username).put("name", u.name)
                .put("email", u.email);
    }
}
