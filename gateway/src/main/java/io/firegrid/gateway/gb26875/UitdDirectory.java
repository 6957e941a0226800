package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.webhook.Cidr;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.gb26875.Address;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which registered device each UITD address belongs to, and from which source addresses its frames
 * are taken: the GB/T 26875.3 standard authenticates nothing, so a frame is believed only when its
 * source address is registered and its IP address lies in the range registered with it. Kept in the
 * table {@code gb26875_uitds} and in memory; thread-safe.
 */
public final class UitdDirectory {

    /** Frames are taken from anywhere when a UITD is registered without a range: say so in the docs, not here. */
    public static final String ANY = "0.0.0.0/0";

    /** One UITD: its device, its address, and the range its connections must come from. */
    public record Uitd(DeviceId device, Address address, Cidr allow) {

        /** Whether a connection from {@code ip} may speak for this UITD. */
        public boolean allows(InetAddress ip) {
            return allow.contains(ip) || allow.prefix() == 0 && allow.network().length != ip.getAddress().length;
        }
    }

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS gb26875_uitds (
              address TEXT PRIMARY KEY,
              tenant TEXT NOT NULL,
              device TEXT NOT NULL,
              allow TEXT NOT NULL)""");

    private final Database db;
    private final Map<Address, Uitd> byAddress = new ConcurrentHashMap<>();

    private UitdDirectory(Database db) {
        this.db = db;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    /** Reads the registered UITDs. */
    public static Future<UitdDirectory> load(Database db) {
        UitdDirectory d = new UitdDirectory(db);
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT address, tenant, device, allow FROM gb26875_uitds");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Address a = Address.parse(rs.getString(1));
                    d.byAddress.put(a, new Uitd(new DeviceId(rs.getString(2), rs.getString(3)), a, Cidr.parse(rs.getString(4))));
                }
            }
            return d;
        });
    }

    /** The UITD registered with {@code address}. */
    public Optional<Uitd> find(Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** The UITD registered for {@code device}. */
    public Optional<Uitd> of(DeviceId device) {
        return byAddress.values().stream().filter(u -> u.device().equals(device)).findFirst();
    }

    public List<Uitd> list() {
        return List.copyOf(byAddress.values());
    }

    /**
     * Reads {@code gb26875Address} and {@code gb26875Allow} of a device's registration: empty when the
     * device is no UITD; refused with {@code 400 bad-gb26875} (what is wrong) or {@code 409
     * gb26875-address-taken} (which device has it) before anything is registered.
     */
    public Optional<Uitd> check(DeviceId device, Object address, Object allow) {
        if (address == null) {
            if (allow != null) {
                throw FireGridException.badRequest("bad-gb26875", "'gb26875Allow' needs 'gb26875Address'");
            }
            return Optional.empty();
        }
        if (!(address instanceof String text) || !(allow == null || allow instanceof String)) {
            throw FireGridException.badRequest("bad-gb26875", "'gb26875Address' and 'gb26875Allow' must be strings");
        }
        Address a;
        Cidr range;
        try {
            a = Address.parse(text);
            range = Cidr.parse(allow == null ? ANY : (String) allow);
        } catch (IllegalArgumentException e) {
            throw FireGridException.badRequest("bad-gb26875", e.getMessage());
        }
        Uitd other = byAddress.get(a);
        if (other != null && !other.device().equals(device)) {
            throw new FireGridException(Status.CONFLICT, "gb26875-address-taken", "GB/T 26875.3 address " + a.hex()
                    + " belongs to device " + other.device() + ": each UITD has its own address");
        }
        return Optional.of(new Uitd(device, a, range));
    }

    /** Stores {@code uitd}, replacing an earlier address of its device; frames from it are taken once this completes. */
    public Future<Uitd> bind(Uitd uitd) {
        return db.write(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM gb26875_uitds WHERE tenant=? AND device=?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT OR REPLACE INTO gb26875_uitds(address, tenant, device, allow) VALUES (?,?,?,?)")) {
                del.setString(1, uitd.device().tenant());
                del.setString(2, uitd.device().device());
                del.executeUpdate();
                ins.setString(1, uitd.address().hex());
                ins.setString(2, uitd.device().tenant());
                ins.setString(3, uitd.device().device());
                ins.setString(4, uitd.allow().text());
                ins.executeUpdate();
            }
            return uitd;
        }).onSuccess(u -> {
            byAddress.values().removeIf(o -> o.device().equals(u.device()));
            byAddress.put(u.address(), u);
        });
    }
}
