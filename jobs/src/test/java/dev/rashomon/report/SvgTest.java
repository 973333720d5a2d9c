package dev.rashomon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.config.OutputConfig;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scales, ticks, number formatting and escaping, on cases worked out by hand. */
class SvgTest {
    @Test
    void linearTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        // 400 px: at least 4 ticks; (1 − 0) / 4.44 = 0.225 → 2 × 0.1 (2.25 ≥ √2 and < √10).
        Scale share = Scale.linear(0, 1, 0, 400);
        assertThat(share.ticks()).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        assertThat(share.ticks().stream().map(share::label).toList()).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(share.apply(0.5)).isEqualTo(200.0);
        // A y axis runs upwards: pixels from 300 (bottom) to 100 (top).
        Scale upwards = Scale.linear(0, 50, 300, 100);
        assertThat(upwards.apply(0)).isEqualTo(300.0);
        assertThat(upwards.apply(50)).isEqualTo(100.0);
    }

    @Test
    void theDomainWidensToTheTicksAroundIt() {
        // 900 px → 10 ticks: 0.1571 / 10 = 0.0157 → 0.02; −0.0001 widens to −0.02, 0.157 to 0.16.
        Scale reliance = Scale.linear(-0.0001, 0.157, 0, 900);
        assertThat(reliance.min()).isCloseTo(-0.02, within(1e-12));
        assertThat(reliance.max()).isCloseTo(0.16, within(1e-12));
        assertThat(reliance.ticks()).hasSize(10);
        assertThat(reliance.label(reliance.ticks().get(0))).isEqualTo("-0.02");
        assertThat(reliance.label(reliance.ticks().get(1))).isEqualTo("0.00");
        assertThat(reliance.apply(0)).isCloseTo(100.0, within(1e-9));
        // One value: a band of ±10 % around it.
        Scale single = Scale.linear(5, 5, 0, 100);
        assertThat(single.min()).isLessThanOrEqualTo(4.5);
        assertThat(single.max()).isGreaterThanOrEqualTo(5.5);
    }

    @Test
    void logTicksArePowersOfTenOnWholeDecades() {
        Scale cardinality = Scale.log(2, 45_000, 0, 500);
        assertThat(cardinality.min()).isEqualTo(1.0);
        assertThat(cardinality.max()).isEqualTo(100_000.0);
        assertThat(cardinality.ticks().stream().map(cardinality::label).toList())
                .containsExactly("1", "10", "100", "1,000", "10,000", "100,000");
        assertThat(cardinality.apply(100)).isCloseTo(200.0, within(1e-9));
        assertThat(cardinality.apply(1)).isEqualTo(0.0);
        // Within one decade, 2 and 5 are ticks too: log10(2) of 100 px.
        Scale narrow = Scale.log(2, 8, 0, 100);
        assertThat(narrow.ticks()).containsExactly(1.0, 2.0, 5.0, 10.0);
        assertThat(narrow.apply(2)).isCloseTo(30.103, within(1e-3));
        assertThat(Scale.log(1, 5e7, 0, 100).label(1e7)).isEqualTo("1e7");
    }

    @Test
    void numbersHaveFourSignificantDigits() {
        assertThat(Svg.number(0.034561)).isEqualTo("0.03456");
        assertThat(Svg.number(0.36094)).isEqualTo("0.3609");
        assertThat(Svg.number(123_456.7)).isEqualTo("123500");
        assertThat(Svg.number(-0.5)).isEqualTo("-0.5");
        assertThat(Svg.number(0)).isEqualTo("0");
        assertThat(Svg.number(1e-5)).isEqualTo("1.000e-05");
        assertThat(Svg.px(12.345)).isEqualTo("12.3");
        assertThat(Svg.px(7.0)).isEqualTo("7");
    }

    @Test
    void textIsEscapedInContentAndAttributes() {
        assertThat(Svg.escape("<a & \"b\">'")).isEqualTo("&lt;a &amp; &quot;b&quot;&gt;&#39;");
        assertThat(Svg.escape("a\u001Fb")).as("U+001F joins combination values; XML forbids it").isEqualTo("a·b");
        String svg = new Svg(100, 50, "mi <vs> \"card\"").text(1, 2, "x&y", "start").rect(0, 0, 5, 5, "#fff", "</title><b>")
                .render();
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\"")
                .contains("aria-label=\"mi &lt;vs&gt; &quot;card&quot;\"").contains(">x&amp;y</text>")
                .contains("<title>&lt;/title&gt;&lt;b&gt;</title>").endsWith("</svg>");
        assertThat(Svg.shorten("abcdefgh", 5)).isEqualTo("abcd…");
    }

    @Test
    void aBeeswarmDotMovesToTheNearestFreeOffset() {
        List<double[]> placed = new ArrayList<>();
        assertThat(RashomonCharts.beeswarmOffset(placed, 10, 3, 20)).isEqualTo(0.0);
        placed.add(new double[] {10, 0});
        // Offsets ±3 are within 2r = 6 of the first dot; +6 touches it exactly, which is allowed.
        assertThat(RashomonCharts.beeswarmOffset(placed, 10, 3, 20)).isEqualTo(6.0);
        placed.add(new double[] {10, 6});
        assertThat(RashomonCharts.beeswarmOffset(placed, 10, 3, 20)).isEqualTo(-6.0);
        assertThat(RashomonCharts.beeswarmOffset(placed, 17, 3, 20)).as("7 px away: free").isEqualTo(0.0);
    }

    @Test
    void aReportNeedsARunAndReadsTheOutputPartitionByDefault() {
        assertThatThrownBy(() -> new ReportConfig(null, " ", null, null, null, null, new OutputConfig("out", null, null))
                .validate()).isInstanceOf(UserError.class)
                .hasMessage("config keys 'outrank', 'multiplicity', 'rashomon': at least one is required (the output.path of "
                        + "a run to report on)");
        OutputConfig daily = new OutputConfig("out", null, Map.of("run_date", "2026-11-26"));
        assertThat(new ReportConfig("o", null, null, null, null, null, daily).inputPartition())
                .containsEntry("run_date", "2026-11-26");
        assertThat(new ReportConfig("o", null, null, Map.of(), null, null, daily).inputPartition()).isEmpty();
        assertThatThrownBy(() -> new ReportConfig("o", null, null, Map.of("run_date", "a/b"), null, null, daily).validate())
                .hasMessageContaining("config key 'partition.run_date'");
    }

    @Test
    void blueShadesRunFromWhiteToDarkBlue() {
        assertThat(RankingCharts.blues(0)).isEqualTo("#f7fbff");
        assertThat(RankingCharts.blues(1)).isEqualTo("#08306b");
        assertThat(RankingCharts.blues(Double.NaN)).isEqualTo("#f7fbff");
    }
}
