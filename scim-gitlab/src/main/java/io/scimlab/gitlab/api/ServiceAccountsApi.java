package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * Service accounts: a top-level group's ({@code /groups/:id/service_accounts}, group Owners) and the instance's
 * ({@code /service_accounts}, administrators of self-managed and Dedicated instances). Obtain it from
 * {@link GitLabClient#serviceAccounts()}; their tokens are in {@link GitLabClient#accessTokens()}.
 */
public final class ServiceAccountsApi {
    private final Rest rest;

    ServiceAccountsApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * The service accounts of a top-level group.
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<ServiceAccount> list(GroupRef group) {
        return rest.stream(rest.paged("groups", group.segment(), "service_accounts"), GitLabJson::serviceAccount);
    }

    /**
     * The instance's service accounts (self-managed and Dedicated, administrators only).
     *
     * @return a lazy stream
     */
    public Stream<ServiceAccount> list() {
        return rest.stream(rest.paged("service_accounts"), GitLabJson::serviceAccount);
    }

    /**
     * Creates a group service account.
     *
     * <p>Retry rule: only when a username is given; after a failure the client lists the group's service accounts
     * and takes the one with that username. Without a username GitLab invents one, so a failed attempt cannot be
     * recognised and is not retried.
     *
     * @param group   the top-level group
     * @param account the account
     * @return the account
     */
    public ServiceAccount create(GroupRef group, NewServiceAccount account) {
        return create(rest.url("groups", group.segment(), "service_accounts").build(), account, () -> list(group));
    }

    /**
     * Creates an instance service account ({@code POST /service_accounts}, administrators only). GitLab names it
     * {@code Service account user} and generates a {@code service_account_...} username when those are empty.
     * Retried like {@link #create(GroupRef, NewServiceAccount)}: only when a username is given.
     *
     * @param account name, username, email (all optional)
     * @return the account
     */
    public ServiceAccount create(NewServiceAccount account) {
        return create(rest.url("service_accounts").build(), account, this::list);
    }

    private ServiceAccount create(HttpUrl url, NewServiceAccount account, Supplier<Stream<ServiceAccount>> all) {
        ObjectNode body = fields(account);
        Supplier<ServiceAccount> post = () -> GitLabJson.serviceAccount(rest.send("POST", url, body, false));
        if (account.username().isEmpty()) {
            return post.get();
        }
        String username = account.username().get();
        return rest.confirmedPost(post, () -> {
            try (Stream<ServiceAccount> s = all.get()) {
                return s.filter(a -> a.username().equalsIgnoreCase(username)).findFirst();
            }
        });
    }

    /**
     * Updates a group service account's name, username or email ({@code PATCH}); empty fields stay as they are.
     *
     * @param group   the top-level group
     * @param userId  the account's user id
     * @param changes the new values
     * @return the account
     */
    public ServiceAccount update(GroupRef group, long userId, NewServiceAccount changes) {
        return GitLabJson.serviceAccount(rest.send("PATCH", rest.url("groups", group.segment(), "service_accounts",
                Long.toString(userId)).build(), fields(changes), true));
    }

    /**
     * Deletes a group service account.
     *
     * @param group      the group
     * @param userId     the account's user id
     * @param hardDelete also delete its contributions
     */
    public void delete(GroupRef group, long userId, boolean hardDelete) {
        HttpUrl.Builder url = rest.url("groups", group.segment(), "service_accounts", Long.toString(userId));
        if (hardDelete) {
            url.addQueryParameter("hard_delete", "true");
        }
        rest.send("DELETE", url.build(), null, true);
    }

    private ObjectNode fields(NewServiceAccount account) {
        ObjectNode body = rest.object();
        account.name().ifPresent(v -> body.put("name", v));
        account.username().ifPresent(v -> body.put("username", v));
        account.email().ifPresent(v -> body.put("email", v));
        return body;
    }
}
