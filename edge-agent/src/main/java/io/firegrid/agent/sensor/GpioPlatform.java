package io.firegrid.agent.sensor;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import io.firegrid.protocol.FireGridException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which Pi4J providers drive the GPIO pins and the I2C bus. Each agent gets its own Pi4J context
 * holding exactly the digital input, digital output and I2C providers of one platform; nothing is
 * auto-detected, so a missing native library fails loudly instead of silently falling back to the
 * mock. gpiod has no I2C provider: on a Pi, both {@link #GPIOD} and {@link #LINUXFS} reach I2C
 * through {@code /dev/i2c-N} with Pi4J's linuxfs provider, which opens the bus only when a device
 * on it is first created.
 */
public enum GpioPlatform {
    /** Pi4J's in-memory mock: pins are driven by tests and the demo simulator. Works anywhere. */
    MOCK,
    /** The Linux GPIO character device ({@code /dev/gpiochip*}) through libgpiod; the choice on a Raspberry Pi. */
    GPIOD,
    /** The legacy sysfs interface ({@code /sys/class/gpio}), for kernels without gpiod. */
    LINUXFS;

    /** Present on any Linux board with a GPIO character device, such as a Raspberry Pi. */
    static final Path GPIO_CHIP = Path.of("/dev/gpiochip0");

    /** A new Pi4J context with this platform's digital I/O and I2C providers; the caller shuts it down. */
    public Context newContext() {
        ContextBuilder builder = Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook();
        return switch (this) {
            case MOCK -> builder.add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                    MockI2CProvider.newInstance()).build();
            case GPIOD -> builder.add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
                    LinuxFsI2CProvider.newInstance()).build();
            case LINUXFS -> builder.add(LinuxFsDigitalInputProvider.newInstance(), LinuxFsDigitalOutputProvider.newInstance(),
                    LinuxFsI2CProvider.newInstance()).build();
        };
    }

    /** {@link #GPIOD} when this machine has {@code /dev/gpiochip0}, else {@link #MOCK}. */
    public static GpioPlatform detect() {
        return Files.exists(GPIO_CHIP) ? GPIOD : MOCK;
    }

    /** The configuration name: {@code mock}, {@code gpiod} or {@code linuxfs}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name, ignoring case.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-platform} listing the accepted names
     */
    public static GpioPlatform parse(String value) {
        for (GpioPlatform p : values()) {
            if (p.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw FireGridException.badRequest("bad-platform",
                "GPIO platform '" + value + "' is unknown: use mock, gpiod or linuxfs");
    }
}
