package io.firegrid.agent.eol;

import com.pi4j.context.Context;
import io.firegrid.agent.pressure.Ads1115;
import io.firegrid.agent.sensor.StateChange;
import io.firegrid.agent.sensor.StateListener;
import io.firegrid.protocol.State;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contact supervised by an end-of-line resistor, read through an ADS1115 every
 * {@link LoopSpec#period()}.
 *
 * <p>Each read is {@linkplain LoopBands#classify classified} into normal, active, open circuit or
 * short circuit (an ADC that does not answer counts as a fault too). Like a GPIO contact's
 * debounce, a new band counts only once the loop has stayed in it for the whole debounce period:
 * the first read in the band starts the period, a later read in the same band at least the period
 * after it settles it, and any read in another band starts over. A settled band is reported as the
 * contact's state ({@code alarm}/{@code normal}, {@code open}/{@code closed}, ...), or as
 * {@code fault} for an open or short circuit, when that state differs from the last one reported.
 * {@link #start()} reports the state the loop is in, so the gateway learns it after every restart.
 *
 * <p>Why a fault is a fault is not on the wire (an event carries a state only): it is logged here at
 * WARN with the voltage read, and shown by {@link #loopState()} to the installer's rehearsal.
 *
 * <p>Thread model: reads run on {@code sensorThread}, which must be single-threaded; the listener
 * is called there only. {@link #debounce} and {@link #loopState()} may be called from any thread.
 */
public final class SupervisedContact implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedContact.class);

    private final LoopSpec spec;
    private final LoopBands bands;
    private final Ads1115 adc;
    private final Ads1115.Gain gain;
    private final ScheduledExecutorService sensorThread;
    private final StateListener listener;
    private final Clock clock;
    private volatile long debounceNanos;
    private volatile boolean closed;
    private volatile LoopState settled;
    private ScheduledFuture<?> reads;
    private volatile LoopState classified;
    private LoopState candidate;
    private Instant candidateSince;
    private State reported;

    SupervisedContact(LoopSpec spec, Ads1115 adc, Duration debounce, ScheduledExecutorService sensorThread,
            StateListener listener, Clock clock) {
        this.spec = spec;
        this.bands = spec.bands();
        this.adc = adc;
        this.gain = Ads1115.Gain.covering(spec.wiring().supplyVolts());
        this.sensorThread = sensorThread;
        this.listener = listener;
        this.clock = clock;
        debounce(debounce);
    }

    /**
     * Opens the loop's ADC in {@code pi4j} (I/O id = sensor id), at the fastest data rate so a read
     * holds the sensor thread for about a millisecond. Nothing is read until {@link #start()}.
     */
    public static SupervisedContact open(Context pi4j, LoopSpec spec, Duration debounce,
            ScheduledExecutorService sensorThread, StateListener listener) {
        Ads1115 adc = Ads1115.open(pi4j, spec.sensor(), spec.bus(), spec.address(), Ads1115.DataRate.SPS_860);
        return new SupervisedContact(spec, adc, debounce, sensorThread, listener, Clock.systemUTC());
    }

    /** Reads now, then every period. */
    public synchronized void start() {
        LOG.info("supervising loop [sensor: {}, at: {}, {} contact, {}]", spec.sensor(), spec.where(), spec.contact(),
                bands.describe());
        reads = sensorThread.scheduleAtFixedRate(this::read, 0, spec.period().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Changes the debounce period from the next read on (a threshold change by command). */
    public void debounce(Duration debounce) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce period must not be negative, was " + debounce);
        }
        this.debounceNanos = debounce.toNanos();
    }

    public LoopSpec spec() {
        return spec;
    }

    /** The ADC driver, whose I2C device is a {@code MockI2C} on the mock platform. */
    public Ads1115 adc() {
        return adc;
    }

    /** The band the loop last settled in; null before the first one settled. */
    public LoopState loopState() {
        return settled;
    }

    /** The band of the last read, before debouncing; null before the first read. */
    LoopState lastRead() {
        return classified;
    }

    void read() {
        try {
            Instant now = clock.instant();
            LoopState band;
            double volts = Double.NaN;
            try {
                volts = adc.readVolts(spec.channel(), gain);
                band = bands.classify(volts, classified);
            } catch (IOException | RuntimeException e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    // the agent is stopping and cut the conversion short: no fault to report
                    return;
                }
                if (settled != LoopState.UNREADABLE) {
                    LOG.debug("cannot read loop [sensor: {}, at: {}]", spec.sensor(), spec.where(), e);
                }
                band = LoopState.UNREADABLE;
            }
            classified = band;
            if (band != candidate) {
                candidate = band;
                candidateSince = now;
            }
            if (band == settled || Duration.between(candidateSince, now).toNanos() < debounceNanos) {
                return;
            }
            settle(band, volts);
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: the loop would go unsupervised
            LOG.error("handling a loop read failed [sensor: {}, at: {}]", spec.sensor(), spec.where(), e);
        }
    }

    private void settle(LoopState band, double volts) {
        LoopState before = settled;
        settled = band;
        if (band.isFault()) {
            LOG.warn("loop {} [sensor: {}, at: {}, volts: {}]: {}", band.text(), spec.sensor(), spec.where(),
                    String.format(java.util.Locale.ROOT, "%.3f", volts), advice(band));
        } else if (before != null && before.isFault()) {
            LOG.info("loop mended, {} [sensor: {}, at: {}]", band.text(), spec.sensor(), spec.where());
        }
        State state = spec.stateFor(band);
        if (state == reported) {
            return;
        }
        reported = state;
        listener.onChange(new StateChange(candidateSince, spec.sensor(), spec.kind(), state));
    }

    private static String advice(LoopState band) {
        return switch (band) {
            case OPEN_CIRCUIT -> "a cut wire, a loose terminal or no end-of-line resistor at the far end";
            case SHORT_CIRCUIT -> "the two wires touch, or the end-of-line resistor is bypassed";
            default -> "check the ADS1115's power, address and I2C wires";
        };
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
