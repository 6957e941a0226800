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
        // the store can no longer take alarms: end the process so that its supervisor (systemd,
        // Restart=always) starts it afresh; halt, not exit, as shutdown hooks would wait on the dead store
        gateway.onFatal(t -> {
            System.err.println("firegrid gateway: the store stopped (" + t + "); exiting so the gateway is restarted");
            Runtime.getRuntime().halt(70);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        java.util.List<String> consoles = new java.util.ArrayList<>();
        if (gateway.httpPort() >= 0) {
            consoles.add("http://localhost:" + gateway.httpPort() + "/");
        }
        if (gateway.httpsPort() >= 0) {
            consoles.add("https://localhost:" + gateway.httpsPort() + "/");
        }
        System.out.println("FireGrid gateway running: console " + (consoles.isEmpty() ? "off" : String.join(" ", consoles))
                + "  MQTT port " + port(gateway.mqttPort()) + "  MQTTS port " + port(gateway.mqttsPort())
                + "  CoAP port " + port(gateway.coapPort()) + "  CoAP/DTLS port " + port(gateway.coapsPort())
                + "  GB/T 26875.3 port " + port(gateway.gb26875Port())
                + "  data " + gateway.dataDir());
        gateway.tls().ifPresent(tls -> System.out.println("TLS: " + tls.describe()
                + "; devices and browsers trust it from GET /ca.pem"));
        stopped.await();
    }

    /** A bound port, or "off" for an endpoint switched off (-1). */
    private static String port(int port) {
        return port < 0 ? "off" : String.valueOf(port);
    }

    static final String HELP = """
            Usage: firegrid gateway

            Runs the FireGrid gateway: MQTT and CoAP endpoints for devices, HTTP API, live alarm stream and
            the crew console. Stop it with Ctrl-C.

            Environment (defaults in brackets; 0 = any free port and -1 = off for every port):

            """ + GatewaySettings.CATALOGUE.help().lines().map(l -> l.isEmpty() ? l : "  " + l)
            .collect(java.util.stream.Collectors.joining("\n", "", "\n")) + """

            The bound ports are logged and written to $FIREGRID_DATA_DIR/ports.json (keys http, https, mqtt,
            mqtts, coap, coaps, gb26875; -1 = off). TLS, the site CA and client certificates: docs/tls.md.
            """;
}
