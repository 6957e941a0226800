package io.firegrid.gateway.app;

import io.firegrid.protocol.FireGridException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar firegrid-gateway.jar}: runs a gateway configured from {@code FIREGRID_*}
 * environment variables until it is stopped (SIGINT/SIGTERM).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(HELP);
            return;
        }
        GatewayConfig config;
        Gateway gateway;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
            gateway = Gateway.start(config);
        } catch (IllegalArgumentException | FireGridException e) {
            System.err.println("firegrid gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        System.out.println("FireGrid gateway running: console http://localhost:" + gateway.httpPort()
                + "/  MQTT port " + gateway.mqttPort() + "  CoAP port " + gateway.coapPort() + "  CoAP/DTLS port "
                + gateway.coapsPort() + "  data " + gateway.dataDir());
        stopped.await();
    }

    static final String HELP = """
            Usage: firegrid gateway

            Runs the FireGrid gateway: MQTT and CoAP endpoints for devices, HTTP API, live alarm stream and
            the crew console. Stop it with Ctrl-C.

            Environment (defaults in brackets):
              FIREGRID_DATA_DIR            store, admin token, ports.json [./data]
              FIREGRID_BIND_HOST           address to bind [0.0.0.0]
              FIREGRID_HTTP_PORT           HTTP API and console; 0 = any free port [8080]
              FIREGRID_MQTT_PORT           MQTT for devices; 0 = any free port [1883]
              FIREGRID_COAP_PORT           plain CoAP (UDP); 0 = any free port, -1 = off [5683]
              FIREGRID_COAPS_PORT          CoAP over DTLS, PSK identity {device}@{tenant}; -1 = off [5684]
              FIREGRID_COAP_UNAUTHENTICATED  accept /event/{tenant}/{device} on plain CoAP without
                                           credentials; only on networks that authenticate devices [false]
              FIREGRID_COAP_MAX_IN_FLIGHT  CoAP messages waiting for the store before 5.03 [2048]
              FIREGRID_SECRET_KEY          64 hex digits encrypting device PSKs at rest
                                           [generated into $FIREGRID_DATA_DIR/secret.key, mode 600]
              FIREGRID_ADMIN_TOKEN         admin bearer token [generated into $FIREGRID_DATA_DIR/admin-token]
              FIREGRID_PASSWORD_ITERATIONS PBKDF2 iterations for device passwords [100000]
              FIREGRID_DOOR_HELD_OPEN_SECONDS  fire door open longer than this: supervisory alarm [120]
              FIREGRID_OFFLINE_SECONDS     device connection gone longer than this: trouble alarm [100]
              FIREGRID_ESCALATION_SECONDS  unacknowledged alarm escalates after [60]
              FIREGRID_REMINDER_SECONDS    re-notify interval after escalation [60]

            The bound ports are logged and written to $FIREGRID_DATA_DIR/ports.json.
            """;
}
