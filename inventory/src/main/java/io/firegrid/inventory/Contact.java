package io.firegrid.inventory;

/** How a detector's or door's dry contact is wired to its GPIO pin. */
public enum Contact {
    /** Normally open: the contact closes on alarm (smoke) or when the door opens. */
    NO,
    /** Normally closed: the contact opens on alarm or when the door opens; a cut wire reads as alarm. */
    NC
}
