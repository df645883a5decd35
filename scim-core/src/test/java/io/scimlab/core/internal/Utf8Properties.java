package io.scimlab.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The strict UTF-8 check: well-formed input passes and round-trips, every class of malformed input is refused. */
class Utf8Properties {

    /** Text of any Unicode scalar values, weighted to the boundaries between encoding lengths. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> boundaries = Arbitraries.of(0x01, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
                0x10000, 0x10FFFF);
        Arbitrary<Integer> any = Arbitraries.integers().between(1, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, boundaries), net.jqwik.api.Tuple.of(3, any))
                .list().ofMaxSize(24).map(cps -> {
                    StringBuilder b = new StringBuilder();
                    cps.forEach(b::appendCodePoint);
                    return b.toString();
                });
    }

    @Property(tries = 1000)
    void wellFormedUtf8IsAcceptedAndRoundTrips(@ForAll("text") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(-1);
        Utf8.checkJson(bytes); // no NUL in the generated text: passes
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    /** Bytes a malformed sequence is likely made of, and any byte. */
    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Integer> interesting = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 255);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(12).map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) (int) list.get(i);
                    }
                    return b;
                });
    }

    @Property(tries = 3000)
    void agreesWithTheJdksStrictDecoderOnAnyBytes(@ForAll("bytes") byte[] bytes) {
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(jdkFirstMalformed(bytes));
    }

    /** Where the JDK's decoder, reporting instead of replacing, finds the first malformed sequence; -1 for none. */
    private static long jdkFirstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 2);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            return in.position();
        }
        return -1;
    }

    /** One malformed sequence of each class, with a random well-formed text before and after it. */
    @Provide
    Arbitrary<List<Object>> malformed() {
        Arbitrary<Integer> cont = Arbitraries.integers().between(0x80, 0xBF);
        Arbitrary<int[]> overlong2 = Combinators.combine(Arbitraries.of(0xC0, 0xC1), cont).as((a, b) -> new int[] {a, b});
        Arbitrary<int[]> overlong3 = Combinators.combine(Arbitraries.integers().between(0x80, 0x9F), cont)
                .as((b, c) -> new int[] {0xE0, b, c});
        Arbitrary<int[]> overlong4 = Combinators.combine(Arbitraries.integers().between(0x80, 0x8F), cont, cont)
                .as((b, c, d) -> new int[] {0xF0, b, c, d});
        Arbitrary<int[]> surrogate = Combinators.combine(Arbitraries.integers().between(0xA0, 0xBF), cont)
                .as((b, c) -> new int[] {0xED, b, c});
        Arbitrary<int[]> tooHigh = Combinators.combine(Arbitraries.integers().between(0x90, 0xBF), cont, cont)
                .as((b, c, d) -> new int[] {0xF4, b, c, d});
        Arbitrary<int[]> badLead = Combinators.combine(Arbitraries.integers().between(0xF5, 0xFF), cont)
                .as((a, b) -> new int[] {a, b});
        Arbitrary<int[]> loneContinuation = cont.map(c -> new int[] {c});
        // A well-formed 2-, 3- or 4-byte sequence cut short, then ASCII (or nothing).
        Arbitrary<int[]> truncated = Arbitraries.of(new int[] {0xC3}, new int[] {0xE2}, new int[] {0xE2, 0x82},
                new int[] {0xF0}, new int[] {0xF0, 0x9F}, new int[] {0xF0, 0x9F, 0x98}, new int[] {0xF4, 0x8F, 0xBF});
        Arbitrary<int[]> sequence = Arbitraries.oneOf(overlong2, overlong3, overlong4, surrogate, tooHigh, badLead,
                loneContinuation, truncated);
        return Combinators.combine(text(), sequence, text(), Arbitraries.of(true, false))
                .as((before, bad, after, asciiAfter) -> List.of(before, bad, asciiAfter ? "a" + after : after));
    }

    @Property(tries = 2000)
    void everyClassOfMalformedSequenceIsRefusedAtItsOffset(@ForAll("malformed") List<Object> parts) {
        byte[] before = ((String) parts.get(0)).getBytes(StandardCharsets.UTF_8);
        int[] bad = (int[]) parts.get(1);
        byte[] after = ((String) parts.get(2)).getBytes(StandardCharsets.UTF_8);
        if (bad.length < 4 && bad[0] >= 0xC2 && after.length > 0 && (after[0] & 0xC0) == 0x80) {
            return; // a truncated sequence completed by what follows would not be malformed
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        for (int b : bad) {
            out.write(b);
        }
        out.writeBytes(after);
        byte[] bytes = out.toByteArray();
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(before.length);
        assertThatThrownBy(() -> Utf8.checkJson(bytes)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.scimType()).contains(ScimType.INVALID_SYNTAX);
            assertThat(e.detail()).contains("byte offset " + before.length);
        });
    }

    @Property(tries = 500)
    void checkingAStreamInPiecesFindsWhatCheckingTheArrayFinds(@ForAll("bytes") byte[] head,
            @ForAll("text") String text, @ForAll @IntRange(min = 1, max = 7) int chunk) throws IOException {
        byte[] bytes = concat(text.getBytes(StandardCharsets.UTF_8), head);
        long expected = firstMalformedOrNul(bytes);
        InputStream in = Utf8.checkingJson(new ChunkedStream(bytes, chunk));
        if (expected < 0) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        } else {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.detail()).contains("byte offset " + expected));
        }
    }

    private static long firstMalformedOrNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                long malformed = Utf8.firstMalformed(java.util.Arrays.copyOf(bytes, i));
                return malformed >= 0 ? malformed : i;
            }
        }
        return Utf8.firstMalformed(bytes);
    }

    @Example
    void aNulByteIsNotJson() {
        assertThat(Utf8.firstMalformed(new byte[] {'{', 0, '}'})).isEqualTo(-1);
        assertThatThrownBy(() -> Utf8.checkJson(new byte[] {'{', 0, '}'}))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail())
                        .contains("NUL byte at byte offset 1"));
    }

    @Example
    void theExamplesOfTheIssue() {
        // Jackson's byte parser decoded these to '/' and NUL.
        assertThat(Utf8.firstMalformed(new byte[] {'a', (byte) 0xC0, (byte) 0xAF})).isEqualTo(1);
        assertThat(Utf8.firstMalformed(new byte[] {'a', 'b', (byte) 0xC0, (byte) 0x80})).isEqualTo(2);
        assertThat(Utf8.firstMalformed(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'})).isEqualTo(-1);
    }

    @Property(tries = 300)
    void anyTextIsExcerptedShortAndPrintable(@ForAll @Size(max = 300) String text,
            @ForAll @IntRange(min = 0, max = 300) int position) {
        for (String excerpt : List.of(Excerpt.of(text), Excerpt.around(text, Math.min(position, text.length())))) {
            assertThat(excerpt.length()).isLessThanOrEqualTo(Excerpt.MAX * 6 + 6);
            assertThat(excerpt.codePoints().filter(cp -> cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)).count()).isZero();
            assertThat(Texts.firstForbidden(excerpt, true)).isEqualTo(-1);
            // Short, printable text is quoted as it is (line and paragraph separators are escaped too).
            if (text.length() <= Excerpt.MAX && Texts.firstForbidden(text, true) < 0
                    && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) {
                assertThat(excerpt).isEqualTo(text);
            }
        }
    }

    @Example
    void forbiddenCharactersAreFoundWhereTheyAre() {
        assertThat(Texts.firstForbidden("ab\ud83d\ude00c", false)).isEqualTo(-1);
        assertThat(Texts.firstForbidden("ab\ud83dc", false)).isEqualTo(2);
        assertThat(Texts.firstForbidden("ab\ude00\ud83d", false)).isEqualTo(2);
        assertThat(Texts.firstForbidden("a\u0000", false)).isEqualTo(1);
        assertThat(Texts.firstForbidden("a\tb\n", false)).isEqualTo(-1);
        assertThat(Texts.firstForbidden("a\tb", true)).isEqualTo(1);
        assertThat(Texts.firstForbidden("a\u0085", true)).isEqualTo(1);
        assertThat(Texts.firstForbidden("a\u00a0\u2028", true)).isEqualTo(-1);
        assertThat(Texts.describe("a\u0007", 1)).isEqualTo("the control character U+0007 at character 2");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands out at most {@code chunk} bytes a read, as a network does. */
    private static final class ChunkedStream extends ByteArrayInputStream {
        private final int chunk;

        ChunkedStream(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
