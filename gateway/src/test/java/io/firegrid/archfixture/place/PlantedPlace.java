package io.firegrid.archfixture.place;

import io.firegrid.archfixture.app.PlantedRoot;

/** A domain class that reaches back into the composition root. */
public final class PlantedPlace {

    public PlantedRoot root;
}
