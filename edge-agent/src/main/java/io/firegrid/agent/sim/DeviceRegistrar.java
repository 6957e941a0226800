package io.firegrid.agent.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Registers demo devices with the gateway: {@code POST {gateway}/api/v1/devices} with the admin
 * token, as in the HTTP API of the design brief.
 */
final class DeviceRegistrar {

    /** Outcome of one registration. */
    enum Outcome { CREATED, ALREADY_REGISTERED }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final URI devicesUri;
    private final String adminToken;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    DeviceRegistrar(URI gatewayHttp, String adminToken) {
        this.base = gatewayHttp.toString().replaceAll("/+$", "");
        this.devicesUri = URI.create(base + "/api/v1/devices");
        this.adminToken = adminToken;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * Registers {@code device} with {@code password}: 201 is {@link Outcome#CREATED}, 409
     * {@link Outcome#ALREADY_REGISTERED}.
     *
     * @throws FireGridException {@code UNAVAILABLE/gateway-unreachable} if the gateway does not
     *         answer, {@code UNAUTHORIZED/bad-admin-token} on 401/403, {@code INTERNAL/registration-failed}
     *         for any other answer (with its body)
     */
    Outcome register(DemoDevice device, String password) throws InterruptedException {
        return post(devicesUri, body(device, password), "registering " + device.id());
    }

    /** Creates a place or person under {@code /api/v1/{path}}; 409 (it exists) counts as done. */
    Outcome create(String path, String body, String what) throws InterruptedException {
        return post(URI.create(base + "/api/v1/" + path), body, "creating " + what);
    }

    private Outcome post(URI uri, String body, String what) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "gateway-unreachable",
                    "cannot reach the gateway at " + uri + ": is it running, and is --gateway-http right?", e);
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "gateway-unreachable",
                    what + " at " + uri + " failed: " + e, e);
        }
        return switch (response.statusCode()) {
            case 200, 201 -> Outcome.CREATED;
            case 409 -> Outcome.ALREADY_REGISTERED;
            case 401, 403 -> throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "bad-admin-token",
                    "the gateway refused the admin token (HTTP " + response.statusCode()
                            + "): pass the FIREGRID_ADMIN_TOKEN the gateway runs with as --token");
            default -> throw new FireGridException(FireGridException.Status.INTERNAL, "registration-failed",
                    "the gateway answered HTTP " + response.statusCode() + " to " + what + ": " + response.body());
        };
    }

    String body(DemoDevice device, String password) {
        ObjectNode o = json.createObjectNode();
        o.put("tenant", device.id().tenant());
        o.put("id", device.id().device());
        o.put("password", password);
        o.put("site", DemoDevice.SITE);
        DemoDevice.Place at = device.place();
        o.putObject("location").put("building", at.building()).put("unit", at.unit()).put("floor", at.floor())
                .put("label", at.label());
        ArrayNode sensors = o.putArray("sensors");
        sensors.addObject().put("id", DemoDevice.SMOKE).put("kind", "smoke").put("zone", device.zone());
        sensors.addObject().put("id", DemoDevice.DOOR).put("kind", "door").put("zone", device.zone());
        if (device.hasHydrant()) {
            sensors.addObject().put("id", DemoDevice.HYDRANT).put("kind", "pressure").put("zone", device.zone());
        }
        return o.toString();
    }
}
