package io.firegrid.gateway.hono;

import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.command.GatewayCommands;
import io.firegrid.gateway.ingest.IngestService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * Northbound to Hono, connected to the gateway's services: every stored message and alarm change
 * is journaled in the same transaction (so a crash cannot lose Hono's copy of something
 * acknowledged), and the connector, told after the commit, copies the journal into its own buffer
 * on its own thread (the ingest path never waits for it); commands from Hono go to devices through
 * the command service. Started before the endpoints open, so that every message they store is
 * journaled.
 */
public final class HonoNorthbound {

    private HonoNorthbound() {
    }

    /** Starts the connector on {@code journal} and hooks it to ingest, alarms and commands; close the connector to stop. */
    public static HonoConnector start(Vertx vertx, HonoConfig config, Path dataDir, HonoJournal journal, MeterRegistry meters,
                                      IngestService ingest, AlarmService alarms, GatewayCommands gatewayCommands,
                                      CommandService commands) {
        ingest.addInTransaction(journal::message);
        alarms.addInTransaction(journal::alarm);
        HonoConnector hono = HonoConnector.start(vertx, config, dataDir, journal, meters);
        ingest.addStoredListener((device, message, body, protocol, receivedAt) -> hono.journalChanged());
        alarms.addListener(a -> hono.journalChanged());
        new HonoCommands(hono, commands, gatewayCommands, meters).subscribe();
        return hono;
    }
}
