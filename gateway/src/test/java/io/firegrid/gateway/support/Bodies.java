package io.firegrid.gateway.support;

import java.nio.charset.StandardCharsets;

/** Message bodies of protocol v1 for tests. */
public final class Bodies {

    private Bodies() {
    }

    public static byte[] smoke(long seq, String sensor, String state) {
        return ("{\"ts\":\"2026-11-28T12:00:01.004Z\",\"seq\":" + seq + ",\"sensor\":\"" + sensor
                + "\",\"kind\":\"smoke\",\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] door(long seq, String state) {
        return ("{\"seq\":" + seq + ",\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"" + state + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] pressure(long seq, double mpa) {
        return ("{\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":" + mpa
                + ",\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
