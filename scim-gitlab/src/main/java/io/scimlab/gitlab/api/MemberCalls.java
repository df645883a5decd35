package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The members API of one kind of source: {@code /groups/:id/members} or {@code /projects/:id/members}. GitLab
 * serves both from one definition ({@code lib/api/members.rb}), so {@link MembersApi} and {@link ProjectMembersApi}
 * share these calls and differ only in the reference type they take.
 */
final class MemberCalls {
    private final Rest rest;
    private final String collection;

    /** {@code collection}: {@code groups} or {@code projects}. */
    MemberCalls(Rest rest, String collection) {
        this.rest = rest;
        this.collection = collection;
    }

    Stream<Member> list(String source) {
        return rest.stream(rest.paged(collection, source, "members"), GitLabJson::member);
    }

    Stream<Member> search(String source, String query) {
        HttpUrl url = rest.url(collection, source, "members").addQueryParameter("query", query)
                .addQueryParameter("per_page", Integer.toString(Rest.PER_PAGE)).build();
        return rest.stream(url, GitLabJson::member);
    }

    /** Direct members among these users ({@code user_ids=a,b,c}): one page per 100 users, whatever the size. */
    Stream<Member> listAmong(String source, Collection<Long> userIds) {
        List<Long> ids = List.copyOf(userIds);
        return IntStream.range(0, (ids.size() + Rest.PER_PAGE - 1) / Rest.PER_PAGE).boxed().flatMap(i -> {
            String chunk = ids.subList(i * Rest.PER_PAGE, Math.min(ids.size(), (i + 1) * Rest.PER_PAGE)).stream()
                    .map(String::valueOf).collect(Collectors.joining(","));
            return rest.stream(rest.url(collection, source, "members").addQueryParameter("user_ids", chunk)
                    .addQueryParameter("per_page", Integer.toString(Rest.PER_PAGE)).build(), GitLabJson::member);
        });
    }

    Stream<Member> listAll(String source) {
        return rest.stream(rest.paged(collection, source, "members", "all"), GitLabJson::member);
    }

    Optional<Member> findInherited(String source, long userId) {
        return Rest.optional(() -> GitLabJson.member(rest.get(rest.url(collection, source, "members", "all",
                Long.toString(userId)).build())));
    }

    Optional<Member> find(String source, long userId) {
        return Rest.optional(() -> GitLabJson.member(rest.get(rest.url(collection, source, "members",
                Long.toString(userId)).build())));
    }

    Member add(String source, long userId, MembershipSpec spec) {
        ObjectNode body = membership(spec).put("user_id", userId);
        return rest.confirmedPost(() -> GitLabJson.member(rest.send("POST", rest.url(collection, source, "members")
                .build(), body, false)), () -> find(source, userId).filter(m -> m.accessLevel() == spec.accessLevel()));
    }

    MembersAdded addAll(String source, Collection<Long> userIds, MembershipSpec spec) {
        if (userIds.isEmpty()) {
            return MembersAdded.COMPLETE;
        }
        ObjectNode body = membership(spec).put("user_id",
                userIds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        JsonNode answer = rest.confirmedPost(() -> rest.send("POST", rest.url(collection, source, "members").build(),
                body, false), () -> {
                    for (long id : userIds) {
                        if (find(source, id).filter(m -> m.accessLevel() == spec.accessLevel()).isEmpty()) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(rest.object().put("status", "success"));
                });
        return "error".equals(answer.path("status").asText())
                ? new MembersAdded(false, answer.path("message").asText("")) : MembersAdded.COMPLETE;
    }

    Member edit(String source, long userId, MembershipSpec spec) {
        return GitLabJson.member(rest.send("PUT", rest.url(collection, source, "members", Long.toString(userId))
                .build(), membership(spec), true));
    }

    void remove(String source, long userId, boolean skipSubresources) {
        HttpUrl.Builder url = rest.url(collection, source, "members", Long.toString(userId));
        if (skipSubresources) {
            url.addQueryParameter("skip_subresources", "true");
        }
        rest.send("DELETE", url.build(), null, true);
    }

    private ObjectNode membership(MembershipSpec spec) {
        ObjectNode body = rest.object().put("access_level", spec.accessLevel().value());
        spec.expiresAt().ifPresent(d -> body.put("expires_at", d.toString()));
        spec.memberRoleId().ifPresent(r -> body.put("member_role_id", r));
        return body;
    }
}
