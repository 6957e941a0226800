package io.firegrid.agent;

import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds started agents on Pi4J's mock platform for tests. */
public final class TestAgents {

    public static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    public static final int SIREN_PIN = 22;

    private TestAgents() {
    }

    public static ContactSpec smoke(String id, int pin, Contact contact) {
        return new ContactSpec(id, Kind.SMOKE, pin, contact);
    }

    public static ContactSpec door(String id, int pin, Contact contact) {
        return new ContactSpec(id, Kind.DOOR, pin, contact);
    }

    /** A started agent with these contacts, debounce and uplink; seq starts at 1. */
    public static Agent started(Path dataDir, Duration debounce, Uplink uplink, ContactSpec... contacts) throws IOException {
        return started(dataDir, new Hardware(GpioPlatform.MOCK, List.of(contacts), SIREN_PIN, debounce), uplink);
    }

    /** A started agent with these pressure transmitters and no contacts; seq starts at 1. */
    public static Agent started(Path dataDir, Uplink uplink, PressureSpec... pressures) throws IOException {
        return started(dataDir, new Hardware(GpioPlatform.MOCK, List.of(), SIREN_PIN, Duration.ZERO, List.of(pressures)),
                uplink);
    }

    /** A started agent with one smoke detector (BCM 17) and a status LED on {@code ledPin}. */
    public static Agent startedWithLed(Path dataDir, Uplink uplink, int ledPin) throws IOException {
        return started(dataDir, new Hardware(GpioPlatform.MOCK, List.of(smoke("smoke-1", 17, Contact.NO)), SIREN_PIN,
                Duration.ZERO, List.of(), ledPin), uplink);
    }

    private static Agent started(Path dataDir, Hardware hardware, Uplink uplink) throws IOException {
        Agent agent = new Agent(DEVICE, hardware, SeqCounter.open(dataDir.resolve("seq"), () -> 1), uplink);
        agent.start();
        return agent;
    }
}
