package io.firegrid.archfixture.alarm;

import io.firegrid.archfixture.mqtt.PlantedEndpoint;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;

/** An alarm rule that reaches for an adapter, a transport library and an event loop. */
public final class PlantedRule {

    public PlantedEndpoint adapter;
    public MqttEndpoint transport;
    public Vertx eventLoop;
}
