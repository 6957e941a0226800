package io.firegrid.archfixture.app;

/** The planted composition root. */
public final class PlantedRoot {
}
