package io.firegrid.agent.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.firegrid.agent.pressure.Ads1115.DataRate;
import io.firegrid.agent.pressure.Ads1115.Gain;
import io.firegrid.agent.sensor.GpioPlatform;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver against Pi4J's mock I2C device, whose registers are byte queues: a write appends,
 * a read takes from the front. A test scripts the conversion register before the driver reads
 * it, and afterwards reads back the config word the driver wrote.
 */
class Ads1115RegisterTest {

    private Context pi4j;
    private Ads1115 adc;
    private I2C chip;

    @BeforeEach
    void open() {
        pi4j = GpioPlatform.MOCK.newContext();
        adc = Ads1115.open(pi4j, "adc", 1, 0x48, DataRate.SPS_128);
        chip = adc.i2c();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    @Test
    void opensTheConfiguredBusAndAddressOnTheMockPlatform() {
        assertThat(chip).isInstanceOf(MockI2C.class);
        assertThat(chip.bus()).isEqualTo(1);
        assertThat(chip.device()).isEqualTo(0x48);
    }

    @ParameterizedTest(name = "AIN{0} at {1} -> config 0x{2}")
    @CsvSource({
        // OS=1 | MUX=1cc | PGA | MODE=1 | DR=100 (128 SPS) | COMP_MODE, POL, LAT = 0 | COMP_QUE = 11
        "0, FS_4_096V, C383",
        "1, FS_4_096V, D383",
        "2, FS_4_096V, E383",
        "3, FS_4_096V, F383",
        "0, FS_6_144V, C183",
        "0, FS_2_048V, C583",
        "0, FS_1_024V, C783",
        "0, FS_0_512V, C983",
        "3, FS_0_256V, FB83",
    })
    void writesOneSingleShotConfigWordBigEndianPerConversion(int channel, Gain gain, String hex) throws IOException {
        scriptConversion(0x1000);

        adc.readRaw(channel, gain);

        assertThat(readConfigWritten()).isEqualTo(Integer.parseInt(hex, 16));
        assertThat(chip.readRegister(Ads1115.CONFIG_REGISTER, new byte[2], 0, 2)).as("exactly one word written").isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> DR bits {1}")
    @CsvSource({"SPS_8, 0", "SPS_16, 1", "SPS_32, 2", "SPS_64, 3", "SPS_128, 4", "SPS_250, 5", "SPS_475, 6", "SPS_860, 7"})
    void placesTheDataRateInBitsSevenToFive(DataRate rate, int bits) {
        assertThat(Ads1115.configWord(0, Gain.FS_2_048V, rate)).isEqualTo(0xC503 | bits << 5);
    }

    @Test
    void readsTheConversionRegisterAsSignedBigEndian() throws IOException {
        scriptConversion(0x7FFF);
        assertThat(adc.readRaw(0, Gain.FS_4_096V)).isEqualTo(32767);
        scriptConversion(0x8000);
        assertThat(adc.readRaw(0, Gain.FS_4_096V)).isEqualTo(-32768);
        scriptConversion(0xFFFF);
        assertThat(adc.readRaw(0, Gain.FS_4_096V)).isEqualTo(-1);
        scriptConversion(0x0102);
        assertThat(adc.readRaw(0, Gain.FS_4_096V)).isEqualTo(258);
    }

    @Test
    void convertsToVoltsByTheGainsFullScale() throws IOException {
        // 4 mA across 150 ohm = 0.6 V; at ±4.096 V one LSB is 125 µV, so 0.6 V reads 4800
        scriptConversion(4800);
        assertThat(adc.readVolts(0, Gain.FS_4_096V)).isCloseTo(0.6, within(1e-12));

        scriptConversion(16384);
        assertThat(adc.readVolts(2, Gain.FS_2_048V)).isCloseTo(1.024, within(1e-12));

        scriptConversion(-8192);
        assertThat(adc.readVolts(1, Gain.FS_6_144V)).isCloseTo(-1.536, within(1e-12));

        scriptConversion(0x7FFF);
        assertThat(adc.readVolts(3, Gain.FS_0_256V)).isCloseTo(0.256 * 32767 / 32768, within(1e-12));
    }

    @Test
    void anEmptyConversionRegisterIsAnIoErrorNamingTheChip() {
        assertThatThrownBy(() -> adc.readVolts(0, Gain.FS_4_096V))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bus: 1, address: 0x48")
                .hasMessageContaining("returned 0 of 2 bytes");
    }

    @Test
    void refusesAChannelTheChipDoesNotHave() {
        assertThatThrownBy(() -> adc.readRaw(4, Gain.FS_4_096V)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 3");
    }

    @Test
    void picksTheMostSensitiveGainThatCoversAVoltage() {
        assertThat(Gain.covering(3.6)).isEqualTo(Gain.FS_4_096V);
        assertThat(Gain.covering(2.048)).isEqualTo(Gain.FS_2_048V);
        assertThat(Gain.covering(0.1)).isEqualTo(Gain.FS_0_256V);
        assertThat(Gain.covering(6.0)).isEqualTo(Gain.FS_6_144V);
        assertThatThrownBy(() -> Gain.covering(6.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawForVoltsRoundsAndClipsLikeTheChip() {
        assertThat(Gain.FS_4_096V.raw(0.6)).isEqualTo(4800);
        assertThat(Gain.FS_4_096V.raw(5.0)).isEqualTo(32767);
        assertThat(Gain.FS_4_096V.raw(-5.0)).isEqualTo(-32768);
    }

    private void scriptConversion(int word) {
        chip.writeRegister(Ads1115.CONVERSION_REGISTER, new byte[] {(byte) (word >> 8), (byte) word});
    }

    private int readConfigWritten() {
        byte[] word = new byte[2];
        assertThat(chip.readRegister(Ads1115.CONFIG_REGISTER, word, 0, 2)).isEqualTo(2);
        return (word[0] & 0xff) << 8 | (word[1] & 0xff);
    }
}
