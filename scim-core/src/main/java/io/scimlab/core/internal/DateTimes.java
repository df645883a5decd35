package io.scimlab.core.internal;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one reader of xsd:dateTime values (RFC 7643 §2.3.5) in ScimLab: {@code YYYY-MM-DDTHH:MM:SS[.fraction]
 * (Z|±HH:MM)} read in place without allocating, because the JDK's formatter costs about a microsecond a value,
 * more than a whole filter evaluation or the rest of reading a user.
 *
 * <p>{@link #epochSeconds} is lenient for the filter evaluator (a value without an offset is read as UTC: some
 * stores drop the {@code Z}); {@link #parse} is what resources are validated with and requires the offset.
 * Internal: this package is not exported.
 */
public final class DateTimes {
    /** Returned for text that is not a date-time. */
    public static final long INVALID = Long.MIN_VALUE;

    private DateTimes() {
    }

    /**
     * The instant's seconds since the epoch.
     *
     * @param t the text
     * @return the seconds, or {@link #INVALID}
     */
    public static long epochSeconds(String t) {
        int n = t.length();
        if (n < 19) {
            return INVALID;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        char sep = t.charAt(10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || (sep != 'T' && sep != 't' && sep != ' ') || day > monthLength(year, month)) {
            return INVALID;
        }
        int i = 19;
        if (i < n && t.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == fracStart || i - fracStart > 9) {
                return INVALID;
            }
        }
        long offset = 0;
        if (i < n) {
            char z = t.charAt(i);
            if (z == 'Z' || z == 'z') {
                i++;
            } else if (z == '+' || z == '-') {
                int oh = i + 6 == n ? digits(t, i + 1, 2) : -1;
                int om = oh >= 0 && t.charAt(i + 3) == ':' ? digits(t, i + 4, 2) : -1;
                if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                    return INVALID;
                }
                offset = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
                i += 6;
            } else {
                return INVALID;
            }
            if (i != n) {
                return INVALID;
            }
        }
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
    }

    /**
     * The nanoseconds of a text that {@link #epochSeconds} accepted.
     *
     * @param t the text
     * @return 0 to 999,999,999
     */
    public static int nanos(String t) {
        if (t.length() <= 20 || t.charAt(19) != '.') {
            return 0;
        }
        int v = 0;
        int k = 0;
        for (int i = 20; i < t.length() && isDigit(t.charAt(i)); i++, k++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        for (; k < 9; k++) {
            v *= 10;
        }
        return v;
    }

    /**
     * Parses a full xsd:dateTime, which must carry {@code Z} or an offset.
     *
     * @param text the text
     * @return the instant
     * @throws java.time.format.DateTimeParseException when it is not one
     */
    public static Instant parse(String text) {
        int n = text.length();
        boolean zoned = n > 0 && (text.charAt(n - 1) == 'Z' || text.charAt(n - 1) == 'z'
                || (n > 6 && (text.charAt(n - 6) == '+' || text.charAt(n - 6) == '-') && text.charAt(n - 3) == ':'));
        long seconds = zoned && n > 10 && text.charAt(10) != ' ' ? epochSeconds(text) : INVALID;
        if (seconds == INVALID) {
            // Not the common form (or not valid): the JDK decides, and says what is wrong.
            return OffsetDateTime.parse(text).toInstant();
        }
        return Instant.ofEpochSecond(seconds, nanos(text));
    }

    /**
     * Formats an instant exactly as {@link Instant#toString()} does (ISO-8601 in UTC, the fraction in groups of
     * three digits as needed), without the JDK's formatter, which costs more than writing the rest of a user.
     *
     * @param instant the instant
     * @return the text, e.g. {@code 2011-08-01T18:29:49.793Z}
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // Civil date from days since the epoch (the inverse of epochDay).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return instant.toString(); // signed and wide years: rare enough for the JDK
        }
        char[] b = new char[30];
        put(b, 0, (int) year, 4);
        b[4] = '-';
        put(b, 5, month, 2);
        b[7] = '-';
        put(b, 8, day, 2);
        b[10] = 'T';
        put(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        put(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        put(b, 17, secondOfDay % 60, 2);
        int n = 19;
        int nanos = instant.getNano();
        if (nanos > 0) {
            b[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(b, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1000 == 0) {
                put(b, n, nanos / 1000, 6);
                n += 6;
            } else {
                put(b, n, nanos, 9);
                n += 9;
            }
        }
        b[n++] = 'Z';
        return new String(b, 0, n);
    }

    private static void put(char[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        if (month == 2) {
            boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
