package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsPartsTest {

    @Test
    void gsm7TextFitsOnePartUpTo160Septets() {
        assertThat(SmsParts.isGsm7("Fire at bldg-7 3F, reply 1")).isTrue();
        assertThat(SmsParts.parts("a".repeat(160))).isEqualTo(1);
        assertThat(SmsParts.parts("a".repeat(161))).isEqualTo(2);
        assertThat(SmsParts.parts("a".repeat(306))).isEqualTo(2);
        assertThat(SmsParts.parts("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void extensionCharactersTakeTwoSeptets() {
        assertThat(SmsParts.units("[x]")).isEqualTo(5);
        assertThat(SmsParts.parts("€".repeat(80))).isEqualTo(1);
        assertThat(SmsParts.parts("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void chineseTextIsUcs2Of70CharactersThen67PerPart() {
        assertThat(SmsParts.isGsm7("火警")).isFalse();
        assertThat(SmsParts.parts("火".repeat(70))).isEqualTo(1);
        assertThat(SmsParts.parts("火".repeat(71))).isEqualTo(2);
        assertThat(SmsParts.parts("火".repeat(134))).isEqualTo(2);
        assertThat(SmsParts.parts("火".repeat(135))).isEqualTo(3);
        assertThat(SmsParts.parts("火".repeat(201))).isEqualTo(3);
        assertThat(SmsParts.parts("火".repeat(202))).isEqualTo(4);
    }

    @Test
    void oneChineseCharacterMakesTheWholeTextUcs2() {
        assertThat(SmsParts.parts("a".repeat(69) + "火")).isEqualTo(1);
        assertThat(SmsParts.parts("a".repeat(70) + "火")).isEqualTo(2);
    }

    @Test
    void fitCutsTheBodyToThreePartsAndKeepsTheLinkWhole() {
        String link = " http://gw.example/m/abc.def";
        String fitted = SmsParts.fit("火".repeat(400), link);
        assertThat(SmsParts.parts(fitted)).isEqualTo(3);
        assertThat(fitted).endsWith("…" + link);
        assertThat(fitted.length()).isEqualTo(201);

        String gsm = SmsParts.fit("a".repeat(1000), link);
        assertThat(SmsParts.parts(gsm)).isEqualTo(3);
        assertThat(gsm).endsWith("..." + link);
    }

    @Test
    void fitLeavesAShortTextAlone() {
        assertThat(SmsParts.fit("火警 smoke", " http://x/m/t")).isEqualTo("火警 smoke http://x/m/t");
    }

    @Test
    void fitNeverSplitsASurrogatePair() {
        String fitted = SmsParts.fit("😀".repeat(150), "");
        assertThat(SmsParts.parts(fitted)).isLessThanOrEqualTo(3);
        String body = fitted.substring(0, fitted.length() - 1);
        assertThat(body.codePoints().allMatch(cp -> cp == 0x1F600)).isTrue();
    }
}
