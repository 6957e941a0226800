package io.firegrid.config.app;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --gateway URL} of {@code register} and {@code verify}: an {@code http://} or
 * {@code https://} URL with a host. Refuses anything else with what to write instead, so an address
 * typed without its scheme ({@code 192.168.1.10:8080}) gets the URL it most likely meant.
 */
final class GatewayUrl implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        String v = value.strip();
        if (!v.contains("://")) {
            throw new TypeConversionException(value + " has no scheme: write http://" + v + " for the gateway's HTTP port "
                    + "(8080 by default), or https://" + v + " for its HTTPS port (8443 by default)");
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new TypeConversionException(value + " is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1)
                    + "): write it as http://HOST:PORT, e.g. http://192.168.1.10:8080");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TypeConversionException(value + " is not an http:// or https:// URL: give the gateway's HTTP port, "
                    + "e.g. http://192.168.1.10:8080 (MQTT and CoAP addresses are for the devices, not for this command)");
        }
        if (uri.getHost() == null) {
            throw new TypeConversionException(value + " names no host: write it as " + scheme + "://HOST:PORT, e.g. "
                    + scheme + "://192.168.1.10:" + (scheme.equals("http") ? "8080" : "8443"));
        }
        return uri;
    }
}
