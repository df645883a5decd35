package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue #17: a backend outage (GitLab answering 503 to the bridge) is one WARNING line per request with the
 * correlation id and one summary line per minute, never a stack trace per request; an unexpected provider exception
 * stays an ERROR with its stack trace, logged once.
 */
class FailureLogTest {

    /** Through the server, as the JDK routes {@code System.Logger} to java.util.logging by default. */
    @Nested
    class ThroughTheServer {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Logger jul = Logger.getLogger(ScimServer.class.getName());
        final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        final ScimServer server = ScimServer.builder().provider(failing(InMemoryDirectory.create().users()))
                .authenticator(Authenticator.trusted("idp")).build();

        @BeforeEach
        void listen() {
            jul.addHandler(capture);
        }

        @AfterEach
        void stopListening() {
            jul.removeHandler(capture);
        }

        @Test
        void anOutageIsOneWarningLinePerRequestWithTheCorrelationIdAndNoStackTrace() {
            for (int i = 1; i <= 3; i++) {
                ScimResponse response = server.handle(ScimRequest.builder("GET", "/Users/outage")
                        .header(ScimServer.REQUEST_ID_HEADER, "corr-" + i).build());
                assertThat(response.status()).isEqualTo(503);
            }
            assertThat(records).hasSize(3).allSatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getThrown()).isNull();
                assertThat(r.getMessage()).contains("503").contains("GitLab is unavailable");
            });
            assertThat(records).extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m).endsWith("corr-1"))
                    .anySatisfy(m -> assertThat(m).endsWith("corr-3"));
        }

        @Test
        void anUnexpectedExceptionIsOneErrorWithItsStackTrace() {
            ScimResponse response = server.handle(ScimRequest.builder("GET", "/Users/bug")
                    .header(ScimServer.REQUEST_ID_HEADER, "corr-bug").build());
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.bodyText()).doesNotContain("the provider's own words");
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
                assertThat(r.getMessage()).contains("corr-bug");
            });
        }

        @Test
        void aDeliberate500IsAnErrorWithItsStackTraceToo() {
            assertThat(server.handle(ScimRequest.builder("GET", "/Users/broken").build()).status()).isEqualTo(500);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isInstanceOf(ScimException.class);
            });
        }

        @Test
        void clientErrorsAreNotLogged() {
            assertThat(server.handle(ScimRequest.builder("GET", "/Users/nobody").build()).status()).isEqualTo(404);
            assertThat(server.handle(ScimRequest.builder("GET", "/Users?filter=userName%20zz%20%22a%22").build())
                    .status()).isEqualTo(400);
            assertThat(records).isEmpty();
        }
    }

    /** The per-minute summary, with a clock the test moves. */
    @Nested
    class Summary {
        final MutableClock clock = new MutableClock();
        final CapturingLogger logger = new CapturingLogger();
        final FailureLog log = new FailureLog(logger, clock);
        final ScimException outage = ScimException.status(503, "GitLab is unavailable; retry later");

        @Test
        void oneSummaryLinePerMinuteOfFailures() {
            for (int second = 0; second < 60; second += 5) { // an IdP retrying every 5 seconds: 12 requests
                clock.at(second);
                log.answered(outage, "c" + second);
            }
            assertThat(logger.lines).hasSize(12).allSatisfy(l -> assertThat(l).startsWith("WARNING SCIM request"));

            clock.at(61);
            log.answered(outage, "c61");
            assertThat(logger.lines).hasSize(14);
            assertThat(logger.lines.get(12)).isEqualTo("WARNING SCIM: 12 requests answered with a server error in "
                    + "the minute from 1970-01-01T00:00:00Z (503: 12)");
            assertThat(logger.lines.get(13)).startsWith("WARNING SCIM request answered 503").endsWith("c61");
        }

        @Test
        void theLastMinutesSummaryComesWithTheFirstRequestAfterIt() {
            clock.at(0);
            log.answered(outage, "a");
            log.answered(ScimException.status(502, "GitLab gave an unexpected answer"), "b");
            clock.at(30);
            log.quiet();
            assertThat(logger.lines).hasSize(2);

            clock.at(75);
            log.quiet();
            log.quiet();
            assertThat(logger.lines).hasSize(3);
            assertThat(logger.lines.get(2)).isEqualTo("WARNING SCIM: 2 requests answered with a server error in the "
                    + "minute from 1970-01-01T00:00:00Z (502: 1, 503: 1)");
        }

        @Test
        void unexpectedFailuresCountAsServerErrorsToo() {
            clock.at(0);
            log.unexpected(new IllegalStateException("bug"), "x");
            assertThat(logger.lines).containsExactly("ERROR SCIM request failed with an internal error; correlation "
                    + "id x [IllegalStateException]");
            clock.at(60);
            log.quiet();
            assertThat(logger.lines.get(1)).endsWith("(500: 1)");
        }

        @Test
        void clientErrorsAreNeitherLoggedNorCounted() {
            clock.at(0);
            log.answered(ScimException.notFound("no such user"), "n");
            clock.at(120);
            log.quiet();
            assertThat(logger.lines).isEmpty();
        }
    }

    static ResourceProvider failing(ResourceProvider users) {
        return new ResourceProvider() {
            @Override
            public ResourceTypeDefinition resourceType() {
                return users.resourceType();
            }

            @Override
            public ScimResource create(ScimResource resource, RequestContext context) {
                return users.create(resource, context);
            }

            @Override
            public Optional<ScimResource> get(String id, RequestContext context) {
                switch (id) {
                    case "outage":
                        // What the GitLab bridge throws when GitLab answers 503: a ScimException with the cause.
                        throw ScimException.status(503, "GitLab is unavailable; retry later")
                                .withCause(new IOException("GitLab answered 503"));
                    case "bug":
                        throw new IllegalStateException("the provider's own words");
                    case "broken":
                        throw ScimException.status(500, "user without externalId");
                    default:
                        return users.get(id, context);
                }
            }

            @Override
            public ScimResource update(ResourceUpdate update, RequestContext context) {
                return users.update(update, context);
            }

            @Override
            public void delete(String id, RequestContext context) {
                users.delete(id, context);
            }

            @Override
            public QueryResult query(ResourceQuery query, RequestContext context) {
                return users.query(query, context);
            }
        };
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.EPOCH;

        void at(long seconds) {
            now = Instant.EPOCH.plus(Duration.ofSeconds(seconds));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A System.Logger that keeps "LEVEL message [ExceptionClass]" lines. */
    static final class CapturingLogger implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg + (thrown == null ? "" : " [" + thrown.getClass().getSimpleName() + "]"));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + java.text.MessageFormat.format(format, params));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }
}
