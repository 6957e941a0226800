package io.firegrid.agent.uplink;

/**
 * Answers commands from the gateway ({@code command///req/{req-id}/{name}}). Called on the uplink's
 * command thread, one command at a time; the answer goes back on
 * {@code command///res/{req-id}/{status}}.
 */
@FunctionalInterface
public interface CommandHandler {

    /** The answer to a command: an HTTP-like status and a body (JSON by convention). */
    record Reply(int status, byte[] body) {
    }

    Reply handle(String name, byte[] body);
}
