package org.proxytorture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.BrowserVersion;
import org.htmlunit.ScriptException;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.javascript.DefaultJavaScriptErrorListener;

/**
 * A report page loaded in HtmlUnit, a browser engine that runs the page's JavaScript (the charts
 * are drawn by ECharts in it): the script errors and alerts it saw, its tables as text, and the
 * check that every chart was drawn.
 */
final class ReportBrowser implements AutoCloseable {
    final HtmlPage page;
    final List<String> errors = new ArrayList<>();
    final List<String> alerts = new ArrayList<>();
    final long loadMs;
    private final WebClient client;
    /** One cache for every page the tests load: the chart library is compiled once (HtmlUnit caches compiled scripts by URL and content). */
    private static final org.htmlunit.Cache CACHE = new org.htmlunit.Cache();

    ReportBrowser(Path index) throws IOException {
        client = new WebClient(BrowserVersion.FIREFOX);
        client.setCache(CACHE);
        client.getOptions().setThrowExceptionOnScriptError(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(true);
        client.setAlertHandler((p, message) -> alerts.add(message));
        client.setJavaScriptErrorListener(new DefaultJavaScriptErrorListener() {
            @Override
            public void scriptException(HtmlPage p, ScriptException e) {
                errors.add("script error: " + e.getMessage());
            }

            @Override
            public void loadScriptError(HtmlPage p, java.net.URL url, Exception e) {
                errors.add("cannot load " + url + ": " + e.getMessage());
            }

            @Override
            public void malformedScriptURL(HtmlPage p, String url, java.net.MalformedURLException e) {
                errors.add("malformed script URL " + url);
            }
        });
        long t0 = System.nanoTime();
        page = client.getPage(index.toUri().toURL());
        client.waitForBackgroundJavaScript(1_000);
        loadMs = (System.nanoTime() - t0) / 1_000_000;
    }

    /** No script error, no alert, and every chart drawn by ECharts: an SVG with drawn paths and its title and axis names as text. */
    void assertEveryChartDrawn(int expected) {
        assertEquals(List.of(), errors, "script errors");
        assertEquals(List.of(), alerts, "alerts");
        List<DomNode> charts = all(page, "div.echart");
        assertEquals(expected, charts.size(), "charts on the page");
        for (DomNode n : charts) {
            DomElement c = (DomElement) n;
            assertEquals("1", c.getAttribute("data-drawn"), () -> c.getId() + " not drawn: " + c.getAttribute("data-error"));
            assertEquals(1, all(c, "svg").size(), c.getId() + ": one svg");
            assertTrue(all(c, "svg path").size() > 5, c.getId() + ": the svg has drawn paths");
            assertFalse(all(c, "svg text").isEmpty(), c.getId() + ": the svg has text (title, axis names, ticks)");
        }
        assertEquals(Integer.toString(expected), page.getBody().getAttribute("data-charts-drawn"));
    }

    /** The chart's SVG text (title, axis names with units, tick labels, legend). */
    String chartText(String id) {
        return page.getElementById(id).asNormalizedText();
    }

    /** A table's body rows, each as its cells' text. */
    List<List<String>> table(String id) {
        DomElement t = page.getElementById(id);
        assertTrue(t != null, "no table " + id);
        List<List<String>> rows = new ArrayList<>();
        for (DomNode tr : all(t, "tbody tr")) {
            List<String> cells = new ArrayList<>();
            for (DomNode td : all(tr, "td")) cells.add(td.getTextContent().trim());
            rows.add(cells);
        }
        return rows;
    }

    /** The row of table {@code id} whose first cell is {@code first}. */
    List<String> row(String id, String first) {
        return table(id).stream().filter(r -> !r.isEmpty() && r.get(0).equals(first)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in " + id + ": " + table(id)));
    }

    /** The nodes under {@code n} that match a CSS selector. */
    static List<DomNode> all(DomNode n, String selector) {
        return n.querySelectorAll(selector, n);
    }

    @Override
    public void close() {
        client.close();
    }
}
