package org.proxytorture.report;

import java.util.List;

/**
 * A static HTML page being built: every text that comes from a run (task, scenario and lock names,
 * bootargs, identities, file names) goes through {@link #esc}; only {@link Raw} fragments, built
 * here or by {@link Charts}, go in as they are. The style and the one small script (sortable
 * tables, drawing the charts) are inline, the chart library beside the page ({@link Charts#LIBRARY_FILE}):
 * the page opens from file:// with no network.
 */
final class Page {
    /** A fragment already HTML (escaped or built by this class). */
    record Raw(String html) { }

    private final StringBuilder body = new StringBuilder();
    private final String title;
    private int charts;

    Page(String title) {
        this.title = title;
    }

    /** Text as HTML text or attribute value: &amp; &lt; &gt; &quot; &#39; escaped. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A link to a file beside the page (its path URI-encoded per segment, its text escaped). */
    static Raw link(String relativePath, String text) {
        StringBuilder href = new StringBuilder();
        for (String seg : relativePath.split("/", -1)) {
            if (href.length() > 0) href.append('/');
            href.append(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new Raw("<a href=\"" + esc(href.toString()) + "\">" + esc(text) + "</a>");
    }

    static Raw code(String text) {
        return new Raw("<code>" + esc(text) + "</code>");
    }

    static Raw cls(String cssClass, String text) {
        return new Raw("<span class=\"" + esc(cssClass) + "\">" + esc(text) + "</span>");
    }

    Page h1(String text) {
        body.append("<h1>").append(esc(text)).append("</h1>\n");
        return this;
    }

    Page h2(String id, String text) {
        body.append("<h2 id=\"").append(esc(id)).append("\">").append(esc(text)).append("</h2>\n");
        return this;
    }

    Page h3(String text) {
        body.append("<h3>").append(esc(text)).append("</h3>\n");
        return this;
    }

    Page p(Object... parts) {
        body.append("<p>");
        for (Object o : parts) body.append(cell(o));
        body.append("</p>\n");
        return this;
    }

    Page pre(List<String> lines) {
        body.append("<pre>");
        for (String l : lines) body.append(esc(l)).append('\n');
        body.append("</pre>\n");
        return this;
    }

    /** A sortable table (click a header); cells are text (escaped), numbers, or {@link Raw}. */
    Page table(String id, List<String> head, List<List<Object>> rows) {
        body.append("<table class=\"sortable\" id=\"").append(esc(id)).append("\"><thead><tr>");
        for (String h : head) body.append("<th>").append(esc(h)).append("</th>");
        body.append("</tr></thead><tbody>\n");
        for (List<Object> r : rows) {
            body.append("<tr>");
            for (Object o : r) body.append(o instanceof Number ? "<td class=\"num\">" : "<td>").append(cell(o)).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** A chart: an ECharts option from {@link Charts}, drawn by the page's script, with its caption. */
    Page chart(String id, String optionJson, String caption) {
        charts++;
        body.append("<figure class=\"chart\"><div class=\"echart\" id=\"").append(esc(id)).append("\"></div>\n<script type=\"application/json\" class=\"echart-option\">")
                .append(optionJson).append("</script>\n<figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** A collapsible block (a failure's details); {@code inner} is built by another Page's body. */
    Page details(String summary, Page inner, boolean open) {
        body.append(open ? "<details open><summary>" : "<details><summary>").append(esc(summary)).append("</summary>\n").append(inner.body).append("</details>\n");
        charts += inner.charts;
        return this;
    }

    Page raw(Raw r) {
        body.append(r.html());
        return this;
    }

    int charts() {
        return charts;
    }

    private static String cell(Object o) {
        if (o instanceof Raw r) return r.html();
        if (o instanceof Double d) return esc(String.format(java.util.Locale.ROOT, "%.3f", d));
        return esc(String.valueOf(o));
    }

    /** The whole document. */
    String html(String generator) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n<style>" + CSS + "</style>\n</head>\n"
                + "<body data-charts-expected=\"" + charts + "\">\n" + body
                + "<footer><p>" + esc(generator) + " &middot; <span id=\"status\">charts: not counted (scripts off)</span></p></footer>\n"
                + (charts > 0 ? "<script src=\"" + Charts.LIBRARY_FILE + "\"></script>\n" : "") + "<script>" + JS + "</script>\n</body></html>\n";
    }

    private static final String CSS = String.join("\n",
            "body{font:14px/1.4 system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:1100px;color:#222;padding:0 1em}",
            "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}",
            "table{border-collapse:collapse;margin:.6em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}",
            "th{background:#f2f2f2;cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}",
            ".ok{color:#fff;background:#2a2;padding:0 .4em;border-radius:3px}.bad{color:#fff;background:#c22;padding:0 .4em;border-radius:3px}",
            ".warn{background:#fc3;padding:0 .4em;border-radius:3px}",
            "pre{background:#f7f7f7;border:1px solid #ddd;padding:.5em;overflow-x:auto;font-size:12px;max-height:30em}",
            "code{background:#f2f2f2;padding:0 .2em;word-break:break-all}figure.chart{margin:1em 0}div.echart{width:760px;height:400px}",
            "figcaption{font-size:12px;color:#555}details{margin:.4em 0;border:1px solid #ddd;padding:.3em .6em}summary{cursor:pointer;font-weight:600}",
            "footer{margin-top:2em;color:#777;font-size:12px}");

    /** Sortable tables; the charts drawn by ECharts (SVG), each marked data-drawn, or data-error with the error shown in its place. */
    private static final String JS = String.join("\n",
            "(function(){",
            "function key(td){var t=td.textContent.trim();var n=parseFloat(t.replace(/,/g,''));return isNaN(n)?t:n;}",
            "document.querySelectorAll('table.sortable').forEach(function(tb){",
            " tb.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){",
            "  var body=tb.tBodies[0];var rows=Array.prototype.slice.call(body.rows);var asc=th.getAttribute('data-asc')!=='1';",
            "  rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);var c=(typeof x===typeof y)?(x<y?-1:x>y?1:0):(typeof x==='number'?-1:1);return asc?c:-c;});",
            "  rows.forEach(function(r){body.appendChild(r);});th.setAttribute('data-asc',asc?'1':'0');});});});",
            "function pct(v){if(v<=1)return '0%';return (100-100/v).toFixed(Math.max(0,Math.round(Math.log(v)/Math.LN10)-2))+'%';}",
            "var drawn=0;",
            "document.querySelectorAll('div.echart').forEach(function(div){",
            " try{",
            "  var opt=JSON.parse(div.nextElementSibling.textContent);",
            "  if(opt.xLabels==='percentile'){opt.xAxis.axisLabel={formatter:pct};}",
            "  var h=opt.chartHeight||400;delete opt.xLabels;delete opt.chartHeight;div.style.height=h+'px';",
            "  var c=echarts.init(div,null,{renderer:'svg',width:760,height:h});",
            "  c.setOption(opt);div.setAttribute('data-drawn','1');drawn++;",
            " }catch(e){div.setAttribute('data-error',String(e));div.textContent='chart not drawn: '+e;}",
            "});",
            "var want=document.body.getAttribute('data-charts-expected');",
            "document.getElementById('status').textContent='charts: '+drawn+' of '+want+' drawn';",
            "document.body.setAttribute('data-charts-drawn',String(drawn));",
            "})();");
}
