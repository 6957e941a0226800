package io.firegrid.agent.pressure;

import com.pi4j.context.Context;
import io.firegrid.agent.sensor.StateChange;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hydrant pressure transmitter read every {@link PressureSpec#period()} through an ADS1115.
 *
 * <p>Each read yields a pressure, which the listener hears as a {@link Reading} in MPa, or a
 * fault: a loop current outside NAMUR NE 43's 3.6-21 mA, or an ADC that does not answer. Faults
 * are not readings; the listener hears {@code fault} once when the sensor enters it and
 * {@code normal} once when a pressure is measured again. The first read after {@link #start()}
 * reports the state it finds either way, so the gateway learns it after every restart.
 *
 * <p>Thread model: reads run on {@code sensorThread}, which must be single-threaded; the
 * listener is called there and must not throw (a periodic task that throws is never run again).
 */
public final class PressureSensor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PressureSensor.class);
    private static final String UNIT = "MPa";

    private final PressureSpec spec;
    private final Ads1115 adc;
    private final ScheduledExecutorService sensorThread;
    private final PressureListener listener;
    private final Clock clock;
    private ScheduledFuture<?> reads;
    private volatile boolean closed;
    private State reported;

    PressureSensor(PressureSpec spec, Ads1115 adc, ScheduledExecutorService sensorThread, PressureListener listener,
            Clock clock) {
        this.spec = spec;
        this.adc = adc;
        this.sensorThread = sensorThread;
        this.listener = listener;
        this.clock = clock;
    }

    /** Opens the ADC in {@code pi4j} (I/O id = sensor id). Nothing is read until {@link #start()}. */
    public static PressureSensor open(Context pi4j, PressureSpec spec, ScheduledExecutorService sensorThread,
            PressureListener listener) {
        Ads1115 adc = Ads1115.open(pi4j, spec.sensor(), spec.bus(), spec.address(), Ads1115.DataRate.SPS_128);
        return new PressureSensor(spec, adc, sensorThread, listener, Clock.systemUTC());
    }

    /** Reads now, then every period. */
    public synchronized void start() {
        long periodMillis = spec.period().toMillis();
        reads = sensorThread.scheduleAtFixedRate(this::read, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    public PressureSpec spec() {
        return spec;
    }

    /** The ADC driver, whose I2C device is a {@code MockI2C} on the mock platform. */
    public Ads1115 adc() {
        return adc;
    }

    void read() {
        Instant ts = clock.instant();
        LoopReading loop;
        try {
            loop = spec.transmitter().fromVolts(adc.readVolts(spec.channel(), spec.transmitter().gain()));
        } catch (IOException | RuntimeException e) {
            if (closed || Thread.currentThread().isInterrupted()) {
                // the agent is stopping and cut the conversion short: no fault to report
                return;
            }
            // an ADC that stops answering leaves the pressure unknown: a sensor fault, like a broken loop
            if (reported != State.FAULT) {
                LOG.warn("cannot read pressure transmitter [sensor: {}, at: {}]", spec.sensor(), spec.where(), e);
            }
            report(ts, State.FAULT);
            return;
        }
        if (loop instanceof LoopReading.Pressure p) {
            report(ts, State.NORMAL);
            listener.measured(ts, new Reading(spec.sensor(), Kind.PRESSURE, p.mpa(), UNIT));
        } else {
            if (reported != State.FAULT) {
                LOG.warn("pressure loop out of 3.6-21 mA, {} [sensor: {}, at: {}, current: {} mA]",
                        ((LoopReading.Fault) loop).isLow() ? "wire broken or transmitter unpowered?"
                                : "wire shorted or transmitter failed?",
                        spec.sensor(), spec.where(), loop.milliamps());
            }
            report(ts, State.FAULT);
        }
    }

    private void report(Instant ts, State state) {
        if (state == reported) {
            return;
        }
        reported = state;
        listener.changed(new StateChange(ts, spec.sensor(), Kind.PRESSURE, state));
    }

    /** Stops reading; the I2C device itself is released when its Pi4J context shuts down. */
    @Override
    public synchronized void close() {
        closed = true;
        if (reads != null) {
            reads.cancel(false);
        }
    }
}
