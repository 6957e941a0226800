package io.firegrid.config.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a device label says, and what its QR code carries: a small JSON object
 * {@code {"tenant","device","site","location","installed"}}, readable by any phone's scanner and by
 * a maintenance app alike.
 */
public record LabelContent(String tenant, String device, String site, String siteName, String location,
                           LocalDate installed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String qrPayload() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tenant", tenant);
        m.put("device", device);
        m.put("site", site);
        m.put("location", location == null ? "" : location);
        m.put("installed", installed.toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The printed lines under the device id. */
    public String[] lines() {
        return new String[] {
            siteName == null || siteName.equals(site) ? "Site: " + site : "Site: " + siteName + " (" + site + ")",
            "Location: " + (location == null ? "-" : location),
            "Installed: " + installed + LabelWriter.FIELD_GAP + "Tenant: " + tenant,
        };
    }
}
