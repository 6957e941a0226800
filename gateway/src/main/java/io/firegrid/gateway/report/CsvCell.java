package io.firegrid.gateway.report;

import java.util.regex.Pattern;

/**
 * One text cell of a CSV report, safe to open in a spreadsheet.
 *
 * <p>Text in a report comes partly from users and devices (who resolved an alarm, station, site and
 * zone names). A spreadsheet runs a cell that starts with {@code =}, {@code +}, {@code -} or
 * {@code @} as a formula, and a tab or carriage return at the start can hide one (CSV injection):
 * such a cell gets a leading {@code '} (OWASP's advice), which the spreadsheet shows as text. A cell
 * that is a plain number ({@code -1}, a basement floor's zone) is left as it is: as a number it runs
 * nothing. Numeric columns (counts, seconds, shares) are written by the reports as numbers and never
 * pass through here, so {@code -3.5} stays a number. Then the cell is quoted per RFC 4180 unless it
 * holds only characters that need none.
 */
final class CsvCell {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:@() -]*");

    private CsvCell() {
    }

    /** {@code s} as a CSV cell; empty for {@code null}. */
    static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String v = startsLikeAFormula(s) && !PLAIN_NUMBER.matcher(s).matches() ? "'" + s : s;
        return BARE.matcher(v).matches() && !v.startsWith("@") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static boolean startsLikeAFormula(String s) {
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
