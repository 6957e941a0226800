package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The response checker catches what a client would trip over: a wrong type, a missing field, an undocumented status. */
class OpenApiContractTest {

    private static final String DEVICE = """
            {"tenant":"t1","id":"pi-1","site":"bldg-7","location":null,"sensors":[{"id":"smoke-1","kind":"smoke","zone":"F3",
             "location":null,"locatedAt":null}],"registeredAt":"2026-12-07T03:00:00Z","maxSilenceSeconds":null,
             "clockSkew":false,"connected":%s,"protocol":null,"lastSeen":null,"lastValues":{},"lastHeartbeat":null}""";

    private final OpenApiContract contract = OpenApiContract.of(OpenApi.resource());

    @Test
    void acceptsADeviceAsDocumented() {
        assertThat(contract.problems("GET", "/api/v1/devices/{tenant}/{device}", 200, "application/json",
                DEVICE.formatted("false"))).isEmpty();
    }

    @Test
    void refusesAFieldOfTheWrongTypeNamingIt() {
        // GIVEN a device whose "connected" is a string, as a careless change of deviceJson could make it
        String wrong = DEVICE.formatted("\"yes\"");

        // THEN the checker names the field and the type it should have
        assertThat(contract.problems("GET", "/api/v1/devices/{tenant}/{device}", 200, "application/json", wrong))
                .singleElement().asString().contains("connected").contains("boolean");
    }

    @Test
    void refusesAWrongTypeInsideAListThroughItsReference() {
        String list = "[" + DEVICE.formatted("false").replace("\"kind\":\"smoke\"", "\"kind\":\"heat\"") + "]";

        assertThat(contract.problems("GET", "/api/v1/devices", 200, "application/json", list))
                .singleElement().asString().contains("/0/sensors/0/kind");
    }

    @Test
    void refusesAnErrorBodyWithoutItsDetail() {
        assertThat(contract.problems("GET", "/api/v1/devices/{tenant}/{device}", 404, "application/json",
                "{\"error\":\"unknown-device\"}")).singleElement().asString().contains("detail");
        assertThat(contract.problems("GET", "/api/v1/devices/{tenant}/{device}", 404, "application/json",
                "{\"error\":\"unknown-device\",\"detail\":\"device t1/x is not registered\"}")).isEmpty();
    }

    @Test
    void refusesAStatusOrAnOperationTheDocumentDoesNotList() {
        assertThat(contract.problems("GET", "/api/v1/devices", 418, "application/json", "[]"))
                .singleElement().asString().contains("418").contains("does not list");
        assertThat(contract.problems("PATCH", "/api/v1/devices", 200, "application/json", "[]"))
                .singleElement().asString().contains("PATCH /api/v1/devices is not in the document");
    }

    @Test
    void refusesJsonServedAsSomethingElse() {
        assertThat(contract.problems("GET", "/api/v1/devices", 200, "text/plain", "[]"))
                .singleElement().asString().contains("text/plain");
    }
}
