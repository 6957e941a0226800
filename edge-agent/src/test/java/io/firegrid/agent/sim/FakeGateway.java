package io.firegrid.agent.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the gateway's device registration API on a loopback port, answering one fixed status. */
final class FakeGateway implements AutoCloseable {

    /** One registration request as received. */
    record Registration(String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<String> places = new CopyOnWriteArrayList<>();
    private volatile int status;

    FakeGateway(int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ObjectMapper json = new ObjectMapper();
        server.createContext("/api/v1/devices", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                registrations.add(new Registration(exchange.getRequestHeaders().getFirst("Authorization"), json.readTree(in)));
            }
            byte[] answer = ("{\"status\":" + this.status + "}").getBytes();
            exchange.sendResponseHeaders(this.status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        // people, stations, cells, sites: created (or refused like devices when the token is wrong)
        server.createContext("/api/v1/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = json.readTree(in);
                places.add(exchange.getRequestURI().getPath() + " " + body.path("id").asText(body.path("device").asText()));
            }
            int answerStatus = this.status == 401 || this.status == 403 ? this.status : 201;
            byte[] answer = "{}".getBytes();
            exchange.sendResponseHeaders(answerStatus, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Places and people created, as "path id", in order. */
    List<String> places() {
        return places;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(int status) {
        this.status = status;
    }

    List<Registration> registrations() {
        return registrations;
    }

    /** Registrations of devices with sensors (the simulated detectors, not the station's siren panel). */
    List<Registration> sensorDevices() {
        return registrations.stream().filter(r -> r.body().has("sensors")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
