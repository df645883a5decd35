package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replica dies between two GitLab calls in the middle of a stream of IdP requests; a new replica starts on the
 * same database, the IdP retries what failed and goes on. GitLab ends in the desired state and every successful
 * GitLab write has its audit event.
 */
class RestartTest {
    /** Thrown where the process would have died: the next GitLab call never leaves. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("replica killed");
        }
    }

    @ParameterizedTest(name = "kill at GitLab write {0}")
    @ValueSource(ints = {1, 4, 8, 9, 10, 12, 14})
    void aReplicaKilledMidStreamIsReplacedAndGitLabConverges(int killAt) throws Exception {
        DataSource db = Replica.database(false);
        // The audit log is durable (it outlives the replica), as a production sink writing to a log store is.
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        RoleMapping mapping = RoleMapping.builder().group("Team", "acme/team", AccessLevel.DEVELOPER)
                .group("Ops", "acme/ops", AccessLevel.MAINTAINER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long acme = fake.seedGroup("acme");
            long team = fake.seedSubgroup(acme, "team");
            long ops = fake.seedSubgroup(acme, "ops");
            AtomicInteger writes = new AtomicInteger();
            AtomicBoolean dead = new AtomicBoolean();
            Interceptor killer = chain -> {
                boolean write = !chain.request().method().equals("GET");
                if (dead.get() || (write && writes.incrementAndGet() == killAt)) {
                    dead.set(true);
                    throw new Killed();
                }
                return chain.proceed(chain.request());
            };
            Replica first = new Replica(fake, db, mapping, audit::add, new OkHttpClient.Builder()
                    .addInterceptor(killer).build());
            Replica[] current = {first};
            Replica second = null;
            // The IdP: sends each request; on a failure (the dying replica's 500, or no answer) it retries the
            // same request against whatever replica serves the URL now.
            Map<String, String> ids = new LinkedHashMap<>();
            List<String[]> stream = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stream.add(new String[] {"user", "k" + i});
            }
            stream.add(new String[] {"group", "Team", "k0", "k1", "k2", "k3", "k4"});
            stream.add(new String[] {"group", "Ops", "k3", "k4", "k5"});
            stream.add(new String[] {"add", "Team", "k5", "k6", "k7"});
            stream.add(new String[] {"remove", "Team", "k1"});
            stream.add(new String[] {"deactivate", "k2"});
            stream.add(new String[] {"add", "Ops", "k0"});
            stream.add(new String[] {"remove", "Ops", "k4"});
            stream.add(new String[] {"deactivate", "k6"});
            int failures = 0;
            for (String[] step : stream) {
                while (true) {
                    Replica.Reply reply = send(current[0], step, ids);
                    if (reply.status() < 300) {
                        break;
                    }
                    failures++;
                    assertThat(dead).as("failure without a kill: " + reply.body()).isTrue();
                    if (second == null) {
                        // The dead replica's HTTP server goes with it; a new one starts on the same database.
                        first.close();
                        second = new Replica(fake, db, mapping, audit::add, new OkHttpClient());
                        current[0] = second;
                    }
                    assertThat(failures).isLessThan(5);
                }
            }
            assertThat(dead).isTrue();
            assertThat(failures).isEqualTo(1);

            // GitLab holds what the IdP asked for.
            Map<String, Integer> wantTeam = Map.of("k0", 30, "k2", 30, "k3", 30, "k4", 30, "k5", 30, "k6", 30,
                    "k7", 30);
            Map<String, Integer> wantOps = Map.of("k0", 40, "k3", 40, "k5", 40);
            for (int i = 0; i < 8; i++) {
                long uid = Long.parseLong(ids.get("k" + i));
                assertThat(fake.memberLevel(team, uid)).as("team k" + i)
                        .isEqualTo(Optional.ofNullable(wantTeam.get("k" + i)));
                assertThat(fake.memberLevel(ops, uid)).as("ops k" + i)
                        .isEqualTo(Optional.ofNullable(wantOps.get("k" + i)));
                assertThat(fake.userState(uid)).as("state k" + i).contains(i == 2 || i == 6 ? "blocked" : "active");
            }
            assertThat(fake.userCount()).isEqualTo(9);
            assertThat(second.bridge.reconciler().plan().changes()).isEmpty();

            // No gap: every successful write GitLab journaled has an audit event for the same call.
            Map<String, Integer> audited = new HashMap<>();
            audit.stream().filter(e -> e.outcome() == AuditEvent.Outcome.SUCCESS)
                    .forEach(e -> audited.merge(e.method() + " " + e.path(), 1, Integer::sum));
            for (JournalEntry j : fake.journal()) {
                if (!j.method().equals("GET") && j.status() >= 200 && j.status() < 300) {
                    String key = j.method() + " " + j.path();
                    assertThat(audited.getOrDefault(key, 0)).as("audit event for " + key).isPositive();
                    audited.merge(key, -1, Integer::sum);
                }
            }
            second.close();
        }
    }

    private static Replica.Reply send(Replica r, String[] step, Map<String, String> ids) throws Exception {
        return switch (step[0]) {
            case "user" -> {
                Replica.Reply reply = r.send("POST", "/Users", Replica.userJson(step[1]));
                if (reply.status() == 409) {
                    // Created before the crash and answered never: find it, as Okta does after a conflict.
                    reply = r.send("GET", "/Users?filter=userName%20eq%20%22" + step[1] + "%40example.com%22", null);
                    ids.put(step[1], reply.body().path("Resources").get(0).path("id").asText());
                    yield reply;
                }
                if (reply.status() == 201) {
                    ids.put(step[1], reply.body().path("id").asText());
                }
                yield reply;
            }
            case "group" -> {
                String[] members = new String[step.length - 2];
                for (int i = 2; i < step.length; i++) {
                    members[i - 2] = ids.get(step[i]);
                }
                Replica.Reply reply = r.send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:"
                        + "2.0:Group\"],\"displayName\":\"" + step[1] + "\",\"members\":" + Replica.members(members)
                        + "}");
                if (reply.status() == 201) {
                    ids.put(step[1], reply.body().path("id").asText());
                }
                yield reply;
            }
            case "add", "remove" -> {
                StringBuilder ops = new StringBuilder();
                for (int i = 2; i < step.length; i++) {
                    String id = ids.get(step[i]);
                    ops.append(ops.length() == 0 ? "" : ",").append(step[0].equals("add")
                            ? "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}"
                            : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}");
                }
                yield r.send("PATCH", "/Groups/" + ids.get(step[1]), "{\"schemas\":[\"urn:ietf:params:scim:api:"
                        + "messages:2.0:PatchOp\"],\"Operations\":[" + ops + "]}");
            }
            case "deactivate" -> r.send("PATCH", "/Users/" + ids.get(step[1]),
                    Replica.patch("replace", "active", "false"));
            default -> throw new IllegalArgumentException(step[0]);
        };
    }
}
