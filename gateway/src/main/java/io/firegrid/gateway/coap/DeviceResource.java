package io.firegrid.gateway.coap;

import java.util.function.Consumer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * The root of the device API and everything below it, whatever the method: the adapter parses
 * the path, so an unknown one is refused with a reason (4.00 {@code bad-topic}) and counted like
 * any other bad input instead of Californium's silent 4.04.
 */
final class DeviceResource extends CoapResource {

    private final Consumer<CoapExchange> handler;

    DeviceResource(String name, Consumer<CoapExchange> handler) {
        super(name);
        this.handler = handler;
    }

    @Override
    public Resource getChild(String name) {
        return this; // /event/{tenant}/{device}, /command_response/{req-id}, ...: parsed by the adapter
    }

    @Override
    public void handleRequest(Exchange exchange) {
        handler.accept(new CoapExchange(exchange, this));
    }
}
