package io.firegrid.protocol.gb26875;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the GB/T 26875.3 stream reader and application data parser
 * (docs/fuzzing.md). Any bytes, cut into up to 8 reads as TCP might deliver them: nothing is
 * thrown; the reader never holds more than one frame; every problem has a known code, a reason and
 * skips at least one byte; every frame read encodes back into bytes that read as the same frame;
 * its application data parses or is refused with {@code unknown-type} or {@code bad-data} only,
 * and what parses encodes back into the same unit.
 */
class FrameReaderFuzzTest {

    static final Set<String> CODES = Set.of("garbage", "bad-length", "bad-tail", "bad-checksum", "unknown-command",
            "truncated");

    @FuzzTest(maxDuration = "10s")
    void frames(FuzzedDataProvider in) {
        int cuts = in.consumeInt(0, 7);
        List<byte[]> reads = new ArrayList<>();
        for (int i = 0; i < cuts; i++) {
            reads.add(in.consumeBytes(in.consumeInt(0, 600)));
        }
        reads.add(in.consumeRemainingAsBytes());
        FrameReader reader = new FrameReader();
        List<FrameReader.Result> out = new ArrayList<>();
        for (byte[] r : reads) {
            out.addAll(reader.feed(r));
            assertThat(reader.buffered()).isLessThanOrEqualTo(Frame.MAX_FRAME);
        }
        FrameReader.Problem last = reader.finish();
        if (last != null) {
            out.add(last);
        }
        for (FrameReader.Result r : out) {
            if (r instanceof FrameReader.Problem p) {
                assertThat(p.code()).isIn(CODES);
                assertThat(p.reason()).isNotBlank();
                assertThat(p.bytes()).isPositive();
            } else {
                Frame f = ((FrameReader.Decoded) r).frame();
                List<FrameReader.Result> again = new FrameReader().feed(f.encode());
                assertThat(again).containsExactly(new FrameReader.Decoded(f));
                try {
                    AppData d = AppData.parse(f.data());
                    assertThat(AppData.parse(d.encode())).isEqualTo(d);
                } catch (AppData.BadData e) {
                    assertThat(e.code()).isIn("unknown-type", "bad-data");
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        }
    }
}
