package io.scimlab.core.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks a request head (RFC 9112 §2-§7) strictly: whatever two HTTP parsers could read differently
 * (the root of request smuggling) is refused with 400 rather than guessed at: a bare CR or LF, whitespace before
 * a field's colon, obsolete line folding, control characters, a {@code Content-Length} that is not one plain
 * number, {@code Content-Length} together with {@code Transfer-Encoding}, a transfer coding other than
 * {@code chunked}, {@code Transfer-Encoding} in HTTP/1.0, a missing or repeated {@code Host}, a repeated
 * {@code Authorization} or {@code Content-Type}, a method not in upper case (501). Package-private.
 */
final class HeadParser {
    /** The longest request line: 414 beyond. Long enough for any filter the server accepts. */
    static final int MAX_REQUEST_LINE = 16 * 1024;
    /** The largest header section (all field lines with their CRLFs, and the empty line ending it): 431 beyond. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The most header fields: 431 beyond. */
    static final int MAX_HEADER_FIELDS = 128;
    /** How many empty lines before a request line are ignored (RFC 9112 §2.2: at least one). */
    private static final int MAX_LEADING_EMPTY_LINES = 4;
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeadParser() {}

    /**
     * Reads a head.
     *
     * @param in the connection's input, with at least one byte buffered
     * @return the head
     * @throws HttpError for a head that is malformed, too large or asks for what is not supported
     * @throws IOException when the connection fails or ends inside the head
     */
    static RequestHead read(HttpInput in) throws IOException {
        String requestLine = "";
        for (int empty = 0; requestLine.isEmpty(); empty++) {
            if (empty > MAX_LEADING_EMPTY_LINES) {
                throw HttpError.badRequest("empty lines where the request line belongs");
            }
            requestLine = in.readLine(MAX_REQUEST_LINE, 414,
                    "the request line is longer than " + MAX_REQUEST_LINE + " bytes; search with POST .search");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int budget = MAX_HEADER_BYTES;
        int fields = 0;
        while (true) {
            String line = in.readLine(Math.max(0, budget - 2), 431,
                    "the request header section is larger than " + MAX_HEADER_BYTES + " bytes");
            budget -= line.length() + 2;
            if (budget < 0) {
                throw new HttpError(431, "the request header section is larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            if (++fields > MAX_HEADER_FIELDS) {
                throw new HttpError(431, "the request has more than " + MAX_HEADER_FIELDS + " header fields");
            }
            addField(line, fields, headers);
        }
        return head(requestLine, headers);
    }

    private static void addField(String line, int field, Map<String, List<String>> headers) throws HttpError {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw HttpError.badRequest("obsolete line folding in the request header section");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line, 0, colon)) {
            // Named by position only: a line without its colon may well be "Authorization Bearer <token>".
            throw HttpError.badRequest("malformed header field " + field + ": expected a name (a token), a colon, "
                    + "then the value");
        }
        String name = line.substring(0, colon);
        String value = trimOws(line.substring(colon + 1));
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw HttpError.badRequest("a control character in the value of header " + name);
            }
        }
        headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }

    private static RequestHead head(String requestLine, Map<String, List<String>> headers) throws HttpError {
        int sp1 = requestLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
            throw HttpError.badRequest("malformed request line: expected METHOD SP target SP HTTP-version");
        }
        if (!isToken(requestLine, 0, sp1)) {
            throw HttpError.badRequest("malformed request line: the method is not a token");
        }
        String method = requestLine.substring(0, sp1);
        if (!method.equals(method.toUpperCase(Locale.ROOT))) {
            // Methods are case-sensitive (RFC 9110 §9.1), but ScimRequest upper-cases them: "delete" would be
            // acted on as DELETE here, and not be one to a proxy's rules in front.
            throw new HttpError(501, "method not implemented: " + printable(method) + "; methods are upper case");
        }
        String target = requestLine.substring(sp1 + 1, sp2);
        int minor = minorVersion(requestLine.substring(sp2 + 1));
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                throw HttpError.badRequest("the request target holds a character that must be percent-encoded, "
                        + "at position " + i);
            }
        }
        Optional<String> host = single(headers, "Host");
        if (minor >= 1 && host.isEmpty()) {
            throw HttpError.badRequest("an HTTP/1.1 request needs a Host header");
        }
        // Single fields the server acts on, taken first by ScimRequest.header: a proxy reading the last would
        // disagree on who is calling or on what the body is.
        single(headers, "Authorization");
        single(headers, "Content-Type");
        String pathAndQuery = target;
        if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            // Absolute-form (RFC 9112 §3.2.2): the target's authority replaces Host.
            int start = target.indexOf("//") + 2;
            int end = start;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            String authority = target.substring(start, end);
            if (authority.isEmpty() || authority.indexOf('@') >= 0) {
                throw HttpError.badRequest("the request target's authority is empty or carries user information");
            }
            host = Optional.of(authority);
            pathAndQuery = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end)
                    : target.substring(end);
        } else if (!target.startsWith("/")) {
            throw HttpError.badRequest("the request target is not an absolute path");
        }
        int q = pathAndQuery.indexOf('?');
        String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String rawQuery = q < 0 ? "" : pathAndQuery.substring(q + 1);

        long contentLength = contentLength(headers);
        boolean chunked = false;
        List<String> codings = tokens(headers.get("Transfer-Encoding"));
        if (headers.containsKey("Transfer-Encoding")) {
            if (minor == 0) {
                throw HttpError.badRequest("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (contentLength >= 0) {
                throw HttpError.badRequest("both Content-Length and Transfer-Encoding: the body length is ambiguous");
            }
            if (!codings.equals(List.of("chunked"))) {
                if (codings.contains("chunked")) {
                    throw HttpError.badRequest("chunked must be the only transfer coding, once");
                }
                throw new HttpError(501, "transfer coding not supported: " + printable(String.join(", ", codings))
                        + "; send chunked or Content-Length");
            }
            chunked = true;
        }
        boolean expectContinue = false;
        if (headers.containsKey("Expect")) {
            for (String expectation : headers.get("Expect")) {
                if (!expectation.equalsIgnoreCase("100-continue")) {
                    throw new HttpError(417, "unsupported expectation: " + printable(expectation));
                }
            }
            expectContinue = minor >= 1 && (chunked || contentLength > 0);
        }
        // HTTP/1.0 keep-alive is an old extension that this server does not offer.
        boolean keepAlive = minor >= 1 && !tokens(headers.get("Connection")).contains("close");
        return new RequestHead(method, rawPath, rawQuery, minor, headers, host, contentLength, chunked, keepAlive,
                expectContinue);
    }

    private static int minorVersion(String version) throws HttpError {
        if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
                || !isDigit(version.charAt(5)) || !isDigit(version.charAt(7))) {
            throw HttpError.badRequest("malformed request line: the HTTP version is not HTTP/1.1");
        }
        if (version.charAt(5) != '1') {
            throw new HttpError(505, "HTTP version not supported: " + version + "; send HTTP/1.1");
        }
        return Math.min(1, version.charAt(7) - '0');
    }

    /** The one Content-Length as a number, -1 without one; 400 for anything but one plain decimal number. */
    private static long contentLength(Map<String, List<String>> headers) throws HttpError {
        List<String> values = headers.get("Content-Length");
        if (values == null) {
            return -1;
        }
        if (values.size() != 1 || values.get(0).isEmpty()) {
            throw HttpError.badRequest("Content-Length must be given once, as one number");
        }
        String value = values.get(0);
        for (int i = 0; i < value.length(); i++) {
            if (!isDigit(value.charAt(i))) {
                throw HttpError.badRequest("Content-Length is not a number: " + printable(value));
            }
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        // 18 digits always fit a long; anything longer is far beyond any body limit.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** The value of a header that may appear at most once. */
    private static Optional<String> single(Map<String, List<String>> headers, String name) throws HttpError {
        List<String> values = headers.get(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw HttpError.badRequest("more than one " + name + " header");
        }
        return Optional.of(values.get(0));
    }

    /** The comma-separated tokens of a list header (all its fields), trimmed and lower-cased, empty ones dropped. */
    static List<String> tokens(@Nullable List<String> values) {
        List<String> tokens = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String token : value.split(",", -1)) {
                    String t = trimOws(token).toLowerCase(Locale.ROOT);
                    if (!t.isEmpty()) {
                        tokens.add(t);
                    }
                }
            }
        }
        return tokens;
    }

    static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || TCHAR_SYMBOLS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Client text for an error detail: printable ASCII only, at most 40 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b + "..." : b.toString();
    }
}
