package io.scimlab.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimesTest {
    @Property(tries = 2000)
    void formatIsInstantToString(@ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 2) int round) {
        int n = round == 0 ? nanos / 1_000_000 * 1_000_000 : round == 1 ? nanos / 1000 * 1000 : nanos;
        Instant instant = Instant.ofEpochSecond(seconds, n);
        assertThat(DateTimes.format(instant)).isEqualTo(instant.toString());
        Instant whole = Instant.ofEpochSecond(seconds);
        assertThat(DateTimes.format(whole)).isEqualTo(whole.toString());
    }

    @Property(tries = 500)
    void fastPathAgreesWithTheJdk(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos),
                ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        String text = time.toString();
        assertThat(DateTimes.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2011-05-13T04:42:34Z", "2011-05-13t04:42:34z", "2011-05-13T04:42:34.5Z",
        "2011-05-13T06:42:34+02:00", "2011-05-13T04:42:34.123456789-00:00", "2011-05-13T04:42Z"})
    void parsesTheForms(String text) {
        assertThat(DateTimes.parse(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2011-13-13T04:42:34Z", "2011-02-30T04:42:34Z", "2011-05-13T25:42:34Z", "2011-05-13",
        "yesterday", "2011-05-13T04:42:34", "2011-05-13T04:42:34+2:00", ""})
    void rejectsOthers(String text) {
        assertThatThrownBy(() -> DateTimes.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
