package io.firegrid.agent;

import io.firegrid.agent.uplink.CommandHandler;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** An uplink that records what it is given; a stuck one blocks every send until closed, like a hung network. */
public final class RecordingUplink implements Uplink {

    private final List<DeviceMessage> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch unstick;
    private volatile boolean closed;
    private volatile CommandHandler commands;

    private RecordingUplink(boolean stuck) {
        this.unstick = new CountDownLatch(stuck ? 1 : 0);
    }

    public static RecordingUplink working() {
        return new RecordingUplink(false);
    }

    public static RecordingUplink stuck() {
        return new RecordingUplink(true);
    }

    @Override
    public void start() {
    }

    @Override
    public void send(DeviceMessage message) {
        try {
            unstick.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stuck", e);
        }
        sent.add(message);
    }

    @Override
    public void commands(CommandHandler handler) {
        this.commands = handler;
    }

    /** Delivers a command as the gateway would, and returns the agent's answer. */
    public CommandHandler.Reply command(String name, String body) {
        return commands.handle(name, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean isConnected() {
        return unstick.getCount() == 0 && !closed;
    }

    @Override
    public void close() {
        closed = true;
        unstick.countDown();
    }

    /** Lets blocked and later sends through, as a network that recovers. */
    public void release() {
        unstick.countDown();
    }

    /** Every event sent so far, in order. */
    public List<Event> events() {
        return sent.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    /** Events of {@code sensor}, in order. */
    public List<Event> events(String sensor) {
        return events().stream().filter(e -> e.sensor().equals(sensor)).toList();
    }

    /** Every message sent so far, in order. */
    public List<DeviceMessage> messages() {
        return List.copyOf(sent);
    }

    /** Readings of {@code sensor} from every telemetry message, in order. */
    public List<Reading> readings(String sensor) {
        return sent.stream().filter(Readings.class::isInstance).map(Readings.class::cast)
                .flatMap(r -> r.readings().stream()).filter(r -> r.sensor().equals(sensor)).toList();
    }

    public boolean isClosed() {
        return closed;
    }
}
