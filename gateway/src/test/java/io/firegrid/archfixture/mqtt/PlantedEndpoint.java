package io.firegrid.archfixture.mqtt;

import io.firegrid.archfixture.alarm.PlantedRule;

/** An adapter that uses the core: fine alone, a cycle with {@link PlantedRule}'s import of it. */
public final class PlantedEndpoint {

    public PlantedRule rule;
}
