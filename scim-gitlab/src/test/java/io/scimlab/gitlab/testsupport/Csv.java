package io.scimlab.gitlab.testsupport;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests: CRLF row ends, quoted cells with doubled quotes. */
public final class Csv {
    private Csv() {
    }

    /**
     * Reads every row.
     *
     * @param text the CSV, ending with CRLF
     * @return the rows' cells
     * @throws IllegalArgumentException for anything RFC 4180 does not allow (a bare quote, a bare LF, no final CRLF)
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && cell.length() == 0) {
                // A quoted cell: up to the quote not followed by another quote.
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted cell");
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cell.append(q);
                    i++;
                }
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a quoted cell at " + i);
                }
                continue;
            }
            if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("CR without LF at " + i);
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else if (c == '"' || c == '\n') {
                throw new IllegalArgumentException("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
            } else {
                cell.append(c);
                i++;
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            throw new IllegalArgumentException("the last row does not end with CRLF");
        }
        return rows;
    }
}
