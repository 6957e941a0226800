package io.firegrid.inventory;

/**
 * One thing wrong with an inventory file, where it is (1-based line and column of the offending
 * value, or of the mapping a required key is missing from) and what to do about it.
 *
 * @param hint what the installer can change to fix it; never empty
 */
public record Problem(int line, int column, String message, String hint) implements Comparable<Problem> {

    /** {@code FILE:LINE:COL: message}, the form editors and terminals link to the spot. */
    public String format(String file) {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(Problem o) {
        return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
    }
}
