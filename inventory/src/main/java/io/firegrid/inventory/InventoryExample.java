package io.firegrid.inventory;

import io.firegrid.protocol.DeviceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The commented example inventory (a station, a cell, a site, two devices) that {@code config init} writes. */
public final class InventoryExample {

    /** The tenant written when none is given. */
    public static final String DEFAULT_TENANT = "t1";

    private InventoryExample() {
    }

    /** The example for {@code tenant}; refuses a tenant that is not a usable id. */
    public static String text(String tenant) {
        if (!DeviceId.isValidId(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' is not a usable id: use 1 to 64 characters "
                    + "from A-Z a-z 0-9 . _ : -");
        }
        try (InputStream in = InventoryExample.class.getResourceAsStream("example.yaml")) {
            if (in == null) {
                throw new IllegalStateException("example.yaml is missing from the inventory jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${tenant}", tenant);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
