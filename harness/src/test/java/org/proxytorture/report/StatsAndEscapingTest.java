package org.proxytorture.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's intervals against published values, and its escaping of every character HTML gives a meaning to. */
class StatsAndEscapingTest {
    @Test
    void clopperPearsonMatchesTheExactBinomialInterval() {
        // 0 of 10: [0, 1 - 0.025^(1/10)] = [0, 0.3085]; 3 of 3: [0.025^(1/3), 1] = [0.2924, 1]; 5 of 10: [0.1871, 0.8129]
        assertInterval(Stats.clopperPearson(0, 10), 0.0, 0.0, 0.3085);
        assertInterval(Stats.clopperPearson(3, 3), 1.0, 0.2924, 1.0);
        assertInterval(Stats.clopperPearson(5, 10), 0.5, 0.1871, 0.8129);
        assertEquals("100.0 % [29.2, 100.0]", Stats.clopperPearson(3, 3).percent());
    }

    @Test
    void studentsTIntervalOverSeeds() {
        // mean 2, s = 1, n = 3: t(0.975, 2) = 4.3027, half width 4.3027 / sqrt(3) = 2.4841
        assertInterval(Stats.meanT(new double[] {1, 2, 3}), 2.0, 2.0 - 2.4841, 2.0 + 2.4841);
        assertTrue(Double.isNaN(Stats.meanT(new double[] {5}).lo()), "one seed: no interval");
    }

    @Test
    void everyMarkupCharacterIsEscaped() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;, &#39;y&#39;)&lt;/script&gt; &amp;amp;", Page.esc("<script>alert(\"x\", 'y')</script> &amp;"));
        Page p = new Page("<t>");
        p.table("t", List.of("<th>"), List.of(List.of("</table>")));
        String html = p.html("g");
        assertTrue(html.contains("<title>&lt;t&gt;</title>") && html.contains("<th>&lt;th&gt;</th>") && html.contains("<td>&lt;/table&gt;</td>"), html);
    }

    @Test
    void chartDataCannotCloseItsScriptElement() {
        String json = Charts.xy(new Charts.Axes("</script><script>alert(1)</script>", "x & y", "y", false, false), List.of(), false, Charts.XLabels.NUMBER);
        assertTrue(!json.contains("<") && !json.contains(">") && !json.contains("&"), json);
        assertTrue(json.contains("\\u003c/script\\u003e"), json);
    }

    private static void assertInterval(Stats.Interval i, double estimate, double lo, double hi) {
        assertEquals(estimate, i.estimate(), 1e-9, "estimate");
        assertEquals(lo, i.lo(), 1e-4, "lower bound");
        assertEquals(hi, i.hi(), 1e-4, "upper bound");
    }
}
