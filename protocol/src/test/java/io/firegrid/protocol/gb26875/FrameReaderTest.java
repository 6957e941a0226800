package io.firegrid.protocol.gb26875;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.gb26875.FrameReader.Decoded;
import io.firegrid.protocol.gb26875.FrameReader.Problem;
import io.firegrid.protocol.gb26875.FrameReader.Result;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames written out byte by byte from the layout of GB/T 26875.3-2011 §8.2.1, not with the
 * project's encoder, then read back whole, split, joined and damaged.
 */
class FrameReaderTest {

    /**
     * A UITD (address 0x0000c0a80164 written most significant first) sends data (command 2) to the
     * centre (0x000000000001): serial 0x1234, version 1.0, at 2026-12-07 09:30:15, one component
     * state: fire alarm system 1, address 1, a point photoelectric smoke detector (type 42) at
     * address 0x00000105 in fire, described "三楼东侧走廊" in GB 18030.
     */
    static byte[] smokeFireFrame() {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(bytes("40 40"));                     // @@
        f.writeBytes(bytes("34 12"));                     // serial 0x1234, low byte first
        f.writeBytes(bytes("01 00"));                     // version 1.0
        f.writeBytes(bytes("0f 1e 09 07 0c 1a"));         // 15 s, 30 min, 9 h, 7th, December, 2026
        f.writeBytes(bytes("64 01 a8 c0 00 00"));         // source, low byte first
        f.writeBytes(bytes("01 00 00 00 00 00"));         // destination
        f.writeBytes(bytes("30 00"));                     // 48 bytes of application data
        f.writeBytes(bytes("02"));                        // send data
        f.writeBytes(bytes("02 01"));                     // type 2, one object
        f.writeBytes(bytes("01 01 2a 05 01 00 00 03 00")); // system 1/1, type 42, address 0x105, state: normal + fire
        byte[] desc = new byte[31];
        byte[] text = "三楼东侧走廊".getBytes(AppData.GB18030);
        System.arraycopy(text, 0, desc, 0, text.length);
        f.writeBytes(desc);
        f.writeBytes(bytes("0e 1e 09 07 0c 1a"));         // the component's own time, 1 s earlier
        byte[] body = f.toByteArray();
        int sum = 0;
        for (int i = 2; i < body.length; i++) {
            sum += body[i] & 0xFF;
        }
        f.write(sum & 0xFF);
        f.writeBytes(bytes("23 23"));                     // ##
        return f.toByteArray();
    }

    /** A centre's confirm (command 3, no data) of serial 7, written out; its checksum is worked by hand. */
    static final String CONFIRM_SERIAL_7 = "40 40 07 00 01 00 00 00 00 01 01 1a 01 00 00 00 00 00 02 00 00 00 00 00 00 00 03"
            // sum: 07+01+01+01+1a+01+02+03 = 0x2a
            + " 2a 23 23";

    @Test
    void readsAFrameWrittenByteByByte() {
        List<Result> out = new FrameReader().feed(smokeFireFrame());

        assertThat(out).hasSize(1);
        Frame f = ((Decoded) out.get(0)).frame();
        assertThat(f.serial()).isEqualTo(0x1234);
        assertThat(f.version()).isEqualTo(Frame.VERSION_1_0);
        assertThat(f.time()).isEqualTo(new TimeLabel(15, 30, 9, 7, 12, 2026));
        assertThat(f.source().hex()).isEqualTo("0000c0a80164");
        assertThat(f.destination().hex()).isEqualTo("000000000001");
        assertThat(f.command()).isEqualTo(Command.SEND_DATA);
        AppData data = AppData.parse(f.data());
        assertThat(data.type()).isEqualTo(2);
        assertThat(data.objects()).containsExactly(new AppData.ComponentState(1, 1, 42, 0x105, 3, "三楼东侧走廊",
                new TimeLabel(14, 30, 9, 7, 12, 2026)));
        assertThat(f.encode()).as("our encoder writes the same bytes").isEqualTo(smokeFireFrame());
    }

    @Test
    void readsAConfirmWithItsHandWorkedChecksum() {
        List<Result> out = new FrameReader().feed(bytes(CONFIRM_SERIAL_7));

        Frame f = ((Decoded) out.get(0)).frame();
        assertThat(f.command()).isEqualTo(Command.CONFIRM);
        assertThat(f.serial()).isEqualTo(7);
        assertThat(f.data()).isEmpty();
        assertThat(AppData.parse(f.data()).objects()).isEmpty();
    }

    @Test
    void reassemblesAFrameSplitIntoSingleBytes() {
        FrameReader r = new FrameReader();
        byte[] frame = smokeFireFrame();
        for (int i = 0; i < frame.length - 1; i++) {
            assertThat(r.feed(new byte[] {frame[i]})).isEmpty();
        }
        assertThat(r.feed(new byte[] {frame[frame.length - 1]})).singleElement().isInstanceOf(Decoded.class);
        assertThat(r.buffered()).isZero();
    }

    @Test
    void readsSeveralFramesInOneReadInOrder() {
        byte[] three = concat(smokeFireFrame(), bytes(CONFIRM_SERIAL_7), smokeFireFrame());

        List<Result> out = new FrameReader().feed(three);

        assertThat(out).extracting(r -> ((Decoded) r).frame().serial()).containsExactly(0x1234, 7, 0x1234);
    }

    @Test
    void skipsGarbageBetweenFramesAndCountsIt() {
        byte[] in = concat(bytes("00 ff 40 23 23"), smokeFireFrame(), bytes("41 42 43"), bytes(CONFIRM_SERIAL_7));

        List<Result> out = new FrameReader().feed(in);

        assertThat(out).hasSize(4);
        assertThat(((Problem) out.get(0)).code()).isEqualTo("garbage");
        assertThat(((Problem) out.get(0)).bytes()).isEqualTo(5);
        assertThat(out.get(1)).isInstanceOf(Decoded.class);
        assertThat(((Problem) out.get(2)).bytes()).isEqualTo(3);
        assertThat(((Decoded) out.get(3)).frame().serial()).isEqualTo(7);
    }

    @Test
    void refusesABadChecksumWithTheSerialAndGoesOn() {
        byte[] bad = smokeFireFrame();
        bad[bad.length - 3] ^= 0x01;

        List<Result> out = new FrameReader().feed(concat(bad, bytes(CONFIRM_SERIAL_7)));

        Problem p = (Problem) out.get(0);
        assertThat(p.code()).isEqualTo("bad-checksum");
        assertThat(p.serial()).isEqualTo(0x1234);
        assertThat(p.reason()).contains("checksum");
        assertThat(((Decoded) out.get(1)).frame().serial()).isEqualTo(7);
    }

    @Test
    void refusesABadTailAndFindsTheNextFrame() {
        byte[] bad = smokeFireFrame();
        bad[bad.length - 1] = '!';

        List<Result> out = new FrameReader().feed(concat(bad, bytes(CONFIRM_SERIAL_7)));

        assertThat(out).first().extracting(r -> ((Problem) r).code()).isEqualTo("bad-tail");
        assertThat(out).last().isInstanceOf(Decoded.class);
        assertThat(((Decoded) out.get(out.size() - 1)).frame().serial()).isEqualTo(7);
        assertThat(out.subList(1, out.size() - 1)).allMatch(r -> r instanceof Problem);
    }

    @Test
    void aLengthRunningBeyondTheFrameCostsOnlyThatFrame() {
        byte[] bad = bytes(CONFIRM_SERIAL_7);
        bad[24] = 10; // says 10 bytes of data, the frame has none

        List<Result> out = new FrameReader().feed(concat(bad, smokeFireFrame()));

        assertThat(out).first().extracting(r -> ((Problem) r).code()).isEqualTo("bad-tail");
        assertThat(out).last().extracting(r -> ((Decoded) r).frame().serial()).isEqualTo(0x1234);
    }

    @Test
    void refusesALengthAboveTheStandardsLimit() {
        byte[] bad = bytes(CONFIRM_SERIAL_7);
        bad[24] = 0x01;
        bad[25] = 0x04; // 1025

        List<Result> out = new FrameReader().feed(concat(bad, smokeFireFrame()));

        assertThat(out).first().extracting(r -> ((Problem) r).code()).isEqualTo("bad-length");
        assertThat(out).last().extracting(r -> ((Decoded) r).frame().serial()).isEqualTo(0x1234);
    }

    @Test
    void refusesAnUnknownCommandWithTheSerial() {
        byte[] bad = bytes(CONFIRM_SERIAL_7);
        bad[26] = 9;
        bad[27] = (byte) (0x2a - 3 + 9);

        List<Result> out = new FrameReader().feed(concat(bad, bytes(CONFIRM_SERIAL_7)));

        Problem p = (Problem) out.get(0);
        assertThat(p.code()).isEqualTo("unknown-command");
        assertThat(p.serial()).isEqualTo(7);
        assertThat(out.get(1)).isInstanceOf(Decoded.class);
    }

    @Test
    void aConnectionEndingInsideAFrameIsTruncated() {
        FrameReader r = new FrameReader();
        byte[] frame = smokeFireFrame();

        assertThat(r.feed(Arrays.copyOf(frame, 40))).isEmpty();

        Problem p = r.finish();
        assertThat(p.code()).isEqualTo("truncated");
        assertThat(p.bytes()).isEqualTo(40);
        assertThat(r.finish()).isNull();
    }

    @Test
    void holdsNoMoreThanOneFrameWhateverItIsFed() {
        FrameReader r = new FrameReader();
        byte[] junk = new byte[100_000];
        Arrays.fill(junk, (byte) '@');

        List<Result> out = r.feed(junk);

        assertThat(r.buffered()).isLessThanOrEqualTo(Frame.MAX_FRAME);
        assertThat(out).allMatch(x -> x instanceof Problem);
    }

    @Test
    void refusesAnUnknownDataType() {
        byte[] data = bytes("63 01 00");

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> AppData.parse(data), AppData.BadData.class)
                .code()).isEqualTo("unknown-type");
    }

    @Test
    void refusesDataShorterThanItsObjects() {
        byte[] data = bytes("02 02") ;
        byte[] one = Arrays.copyOfRange(smokeFireFrame(), 29, 29 + 46);

        AppData.BadData e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> AppData.parse(concat(data, one)), AppData.BadData.class);

        assertThat(e.code()).isEqualTo("bad-data");
        assertThat(e.getMessage()).contains("announces 2 objects");
    }

    @Test
    void everyTypeSurvivesARoundTrip() {
        TimeLabel t = new TimeLabel(1, 2, 3, 4, 5, 2026);
        List<AppData> units = List.of(
                new AppData(1, List.of(new AppData.SystemState(1, 1, 0x2003, t))),
                new AppData(2, List.of(new AppData.ComponentState(1, 2, 31, 0xFFFF_FFFFL, 0x11, "泵房 感温", t))),
                new AppData(3, List.of(new AppData.AnalogValue(1, 2, 0, 77, 3, -12, t))),
                new AppData(4, List.of(new AppData.SystemOperation(1, 1, 1, 9, t))),
                new AppData(5, List.of(new AppData.SystemVersion(1, 1, 2, 7))),
                new AppData(6, List.of(new AppData.SystemConfig(1, 1, "回路1-4"))),
                new AppData(7, List.of(new AppData.ComponentConfig(1, 1, 23, 5, "一层大厅手报"))),
                new AppData(8, List.of(new AppData.SystemTime(1, 1, t))),
                new AppData(21, List.of(new AppData.UitdState(0x09, t))),
                new AppData(24, List.of(new AppData.UitdOperation(1, 0, t))),
                new AppData(25, List.of(new AppData.UitdVersion(1, 0))),
                new AppData(26, List.of(new AppData.UitdConfig("FireGrid"))),
                new AppData(28, List.of(new AppData.UitdTime(t))),
                new AppData(61, List.of(new AppData.Query(61, bytes("01 01")))),
                new AppData(90, List.of(new AppData.Query(90, bytes("01 02 03 04 05 1a")))));
        for (AppData u : units) {
            assertThat(AppData.parse(u.encode())).as("type %d", u.type()).isEqualTo(u);
        }
    }

    @Test
    void anAnswerWithNoRecordsIsItsTypeAndACountOfZero() {
        AppData none = new AppData(4, List.of());

        assertThat(none.encode()).isEqualTo(bytes("04 00"));
        assertThat(AppData.parse(bytes("18 00"))).isEqualTo(new AppData(24, List.of()));
    }

    @Test
    void theQueriesOfAnalogValuesAndRecordsKeepTheirBodies() {
        // 63: system 1/0, component address 0x04030201; 64: system 1/0, 5 records from 2026-12-07 09:30:15; 84: the same for the UITD
        assertThat(AppData.parse(bytes("3f 01 01 00 01 02 03 04")).objects())
                .containsExactly(new AppData.Query(63, bytes("01 00 01 02 03 04")));
        assertThat(AppData.parse(bytes("40 01 01 00 05 0f 1e 09 07 0c 1a")).objects())
                .containsExactly(new AppData.Query(64, bytes("01 00 05 0f 1e 09 07 0c 1a")));
        assertThat(AppData.parse(bytes("54 01 05 0f 1e 09 07 0c 1a")).objects())
                .containsExactly(new AppData.Query(84, bytes("05 0f 1e 09 07 0c 1a")));
    }

    @Test
    void aUnitHoldsAsManyRecordsAsFitInAFrame() {
        // (1024 - 2) / 10 and (1024 - 2) / 8; a short object is bounded by the count byte
        assertThat(AppData.maxObjects(4)).isEqualTo(102);
        assertThat(AppData.maxObjects(24)).isEqualTo(127);
        assertThat(AppData.maxObjects(25)).isEqualTo(255);
        assertThat(AppData.maxObjects(6)).as("no fixed size").isZero();
        TimeLabel t = new TimeLabel(1, 2, 3, 4, 5, 2026);
        List<AppData.DataObject> most = java.util.Collections.nCopies(102, new AppData.SystemOperation(1, 0, 8, 0, t));
        assertThat(new Frame(1, Frame.VERSION_1_0, t, new Address(1), new Address(2), Command.ANSWER,
                new AppData(4, most).encode()).data()).hasSize(1022);
    }

    @Test
    void pressureAnalogTypesInMpaAndKpaSteps() {
        assertThat(AppData.AnalogTypes.pressureMpa(AppData.AnalogTypes.PRESSURE_MPA, 3)).isEqualTo(0.3);
        assertThat(AppData.AnalogTypes.pressureMpa(AppData.AnalogTypes.PRESSURE_KPA, 3250)).isEqualTo(0.325);
        assertThat(AppData.AnalogTypes.pressureMpa(AppData.AnalogTypes.PRESSURE_KPA, -12)).isEqualTo(-0.0012);
        assertThat(AppData.AnalogTypes.pressureMpa(3, 200)).as("a temperature is no pressure").isNaN();
        assertThat(AppData.AnalogTypes.kpaSteps(0.32)).isEqualTo(3200);
        assertThat(AppData.AnalogTypes.kpaSteps(5.0)).as("clamped").isEqualTo(32767);
        assertThat(AppData.AnalogTypes.kpaSteps(-4.0)).as("clamped").isEqualTo(-32768);
    }

    @Test
    void cutsALongDescriptionAtAWholeCharacter() {
        String text = "这是一个非常非常非常长的部件说明超过三十一字节";

        byte[] d = AppData.description(text);

        assertThat(d).hasSize(31);
        assertThat(d[30]).isZero(); // 15 characters of 2 bytes, then a NUL
        assertThat(new String(d, 0, 30, AppData.GB18030)).isEqualTo(text.substring(0, 15));
    }

    @Test
    void addressesAreWrittenMostSignificantFirst() {
        assertThat(Address.parse("0000C0A80164").value()).isEqualTo(0xC0A80164L);
        assertThat(new Address(0xC0A80164L).hex()).isEqualTo("0000c0a80164");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Address.parse("12345")))
                .hasMessageContaining("12 hex digits");
    }

    static byte[] bytes(String hex) {
        return HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
