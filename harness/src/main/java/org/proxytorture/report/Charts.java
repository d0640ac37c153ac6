package org.proxytorture.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.proxytorture.config.Json;

/**
 * The report's plots, drawn in the browser by Apache ECharts (its dist bundle from the webjar,
 * copied beside the page; SVG renderer, no animation): each chart is an ECharts option built here
 * as JSON, with its title and both axis names with their units. The page's script reads the JSON
 * and draws it; nothing is drawn by hand.
 */
final class Charts {
    /** The ECharts bundle in the webjar (its version is the pom's echarts.version). */
    static final String LIBRARY_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.common.min.js";
    static final String LIBRARY_LICENSE = "META-INF/resources/webjars/echarts/5.3.1/LICENSE";
    /** The bundle's name beside the page. */
    static final String LIBRARY_FILE = "echarts.common.min.js";

    private Charts() { }

    /** One named series of (x, y) points. */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        }

        static Series of(String name, List<double[]> points) {
            double[] x = new double[points.size()], y = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            return new Series(name, x, y);
        }
    }

    /** A chart's title and axes: names with units, and which are logarithmic. */
    record Axes(String title, String xTitle, String yTitle, boolean logX, boolean logY) { }

    /** How the page's script labels the x axis: as numbers, or 1/(1-p) as a percentile (HdrHistogram's plot). */
    enum XLabels { NUMBER, PERCENTILE }

    /** Lines (a step curve when {@code step}); markers when a series has few points. */
    static String xy(Axes a, List<Series> series, boolean step, XLabels labels) {
        ObjectNode o = base(a, series.stream().map(Series::name).toList());
        axis(o.putObject("xAxis"), a.logX() ? "log" : "value", a.xTitle(), false);
        axis(o.putObject("yAxis"), a.logY() ? "log" : "value", a.yTitle(), true);
        if (labels == XLabels.PERCENTILE) o.put("xLabels", "percentile");
        ArrayNode ss = o.putArray("series");
        for (Series s : series) {
            ObjectNode so = ss.addObject();
            so.put("name", s.name());
            so.put("type", "line");
            if (step) so.put("step", "end");
            boolean gaps = java.util.Arrays.stream(s.y()).anyMatch(Double::isNaN);
            so.put("showSymbol", s.x().length <= 40 || gaps); // a bin alone between empty ones is only its symbol
            so.put("symbolSize", s.x().length <= 40 ? 6 : 3);
            so.put("sampling", "lttb");
            ArrayNode data = so.putArray("data");
            for (int i = 0; i < s.x().length; i++) {
                ArrayNode pt = data.addArray().add(s.x()[i]);
                if (Double.isNaN(s.y()[i])) pt.addNull(); else pt.add(s.y()[i]); // a gap in the line
            }
        }
        return json(o);
    }

    /** Bars: one value per category, per series. */
    static String bars(Axes a, List<String> categories, List<String> seriesNames, List<double[]> values) {
        ObjectNode o = base(a, seriesNames);
        ObjectNode x = axis(o.putObject("xAxis"), "category", a.xTitle(), false);
        categories.forEach(x.putArray("data")::add);
        boolean rotate = categories.size() > 6;
        x.putObject("axisLabel").put("rotate", rotate ? 40 : 0).put("interval", 0);
        if (rotate) {
            x.put("nameGap", 140);
            o.put("chartHeight", 500); // the page's script sizes the chart: room for the rotated labels
            ((ObjectNode) o.get("grid")).put("bottom", 175);
        }
        // bars start at zero (a log axis at its lowest decade): no scale to the data
        axis(o.putObject("yAxis"), a.logY() ? "log" : "value", a.yTitle(), true).remove("scale");
        ArrayNode ss = o.putArray("series");
        for (int i = 0; i < seriesNames.size(); i++) {
            ObjectNode so = ss.addObject();
            so.put("name", seriesNames.get(i));
            so.put("type", "bar");
            so.put("barMinHeight", 3); // a value of 1 on a log axis (one CPU, one hit) still shows as a bar
            ArrayNode data = so.putArray("data");
            for (double v : values.get(i)) {
                if (a.logY() && v <= 0) data.addNull(); // nothing to draw on a log axis: no bar (the caption or a table says so)
                else data.add(v);
            }
        }
        return json(o);
    }

    private static ObjectNode base(Axes a, List<String> names) {
        ObjectNode o = Json.object();
        o.put("animation", false);
        o.putObject("title").put("text", a.title()).put("left", "center").putObject("textStyle").put("fontSize", 14);
        o.putObject("tooltip").put("trigger", "axis");
        ObjectNode legend = o.putObject("legend").put("bottom", 0).put("type", "scroll");
        names.forEach(legend.putArray("data")::add);
        o.putObject("grid").put("left", 90).put("right", 30).put("top", 45).put("bottom", 85);
        return o;
    }

    private static ObjectNode axis(ObjectNode ax, String type, String name, boolean y) {
        ax.put("type", type).put("name", name).put("nameLocation", "middle").put("nameGap", type.equals("category") ? 55 : 32);
        if (y) ax.put("nameGap", 58).put("nameRotate", 90);
        if (!type.equals("category")) ax.put("scale", true);
        return ax;
    }

    /** JSON safe inside a script element: &lt;, &gt; and &amp; only occur in strings, written as \\u escapes. */
    static String json(ObjectNode o) {
        return o.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
