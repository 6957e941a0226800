package io.firegrid.gateway.storage;

import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The gateway's data directory ({@code FIREGRID_DATA_DIR}) and which of its entries are the
 * gateway's: the stores ({@value #STORE}, {@value #TELEMETRY}, {@value #HONO_OUTBOX}, each with
 * SQLite's {@code -wal}, {@code -shm} and {@code -journal} files), the admin token, the secret key,
 * {@code ports.json}, the telemetry buffer and the generated TLS keys. Only those are restricted to
 * the gateway's user; anything else kept in the same directory is left as it is.
 */
public final class DataDirectory {

    /** The main store: devices, messages, alarms, places, dispatch. */
    public static final String STORE = "firegrid.db";
    /** The embedded telemetry history, when no InfluxDB is configured. */
    public static final String TELEMETRY = "telemetry.db";
    /** The outbox of northbound messages to Hono. */
    public static final String HONO_OUTBOX = "hono-outbox.db";
    /** Segments of readings waiting for InfluxDB. */
    public static final String TELEMETRY_BUFFER = "telemetry-buffer";

    private static final Set<String> DATABASES = Set.of(STORE, TELEMETRY, HONO_OUTBOX);
    private static final Set<String> FILES = Set.of("admin-token", "admin-token.tmp", "secret.key", "ports.json",
            "ports.json.tmp", TELEMETRY_BUFFER, "ca-key.pem", "server-key.pem");

    private DataDirectory() {
    }

    /**
     * Creates {@code dir} mode 700 when it is missing, and restricts what an earlier run left
     * readable by others (each change logged at INFO); returns its absolute path.
     *
     * @throws FireGridException when it cannot be created or restricted; the reason names it and FIREGRID_DATA_DIR
     */
    public static Path secure(Path dir) {
        Path dataDir = dir.toAbsolutePath();
        try {
            PrivateFiles.secureDirectory(dataDir, DataDirectory::isGatewayFile);
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot create or restrict " + dataDir + ": " + e.getMessage() + " (check FIREGRID_DATA_DIR)", e);
        }
        return dataDir;
    }

    /** Whether {@code name} in the data directory is one of the gateway's files (SQLite's -wal, -shm, -journal included). */
    public static boolean isGatewayFile(String name) {
        for (String db : DATABASES) {
            if (name.equals(db) || name.startsWith(db + "-")) {
                return true;
            }
        }
        return FILES.contains(name);
    }
}
