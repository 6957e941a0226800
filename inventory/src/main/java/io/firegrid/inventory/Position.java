package io.firegrid.inventory;

/** A place in the inventory file, 1-based, as editors count. */
public record Position(int line, int column) {

    /** The start of the file, for problems that belong to no node (an empty file). */
    public static final Position START = new Position(1, 1);

    Problem problem(String message, String hint) {
        return new Problem(line, column, message, hint);
    }
}
