package dev.rashomon.report;

import java.util.List;
import java.util.Map;

/**
 * The HTML page: a header naming the runs read, then one section per job with its charts. Every
 * chart sits in an element with {@code data-chart="<name>"}; a skipped chart shows its reason
 * there instead. The page is self-contained: inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids every fetch.
 */
final class ReportPage {
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private static final String STYLE = """
            body { font-family: sans-serif; color: #333; margin: 0 auto; max-width: 1160px; padding: 16px 24px 48px; }
            h1 { font-size: 26px; margin: 8px 0 4px; }
            h2 { font-size: 20px; margin: 36px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 24px 0 4px; }
            p.meta, p.source { color: #666; font-size: 13px; margin: 2px 0; }
            .chart { margin: 8px 0 24px; }
            .chart svg { max-width: 100%; height: auto; display: block; }
            .chart p.caption { font-size: 13px; color: #555; max-width: 1100px; margin: 4px 0 0; }
            .chart.skipped p.note { background: #f6f6f6; border-left: 4px solid #bbb; padding: 8px 12px; font-size: 14px; }
            code { font-size: 13px; }
            """;

    /** One section of the page: a job's runs and charts. */
    record Section(String heading, String source, List<Chart> charts) {
    }

    private ReportPage() {
    }

    static String render(String title, Map<String, String> facts, List<Section> sections) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>").append(Svg.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(Svg.escape(title)).append("</h1>\n");
        facts.forEach((key, value) -> html.append("<p class=\"meta\">").append(Svg.escape(key)).append(": ")
                .append(Svg.escape(value)).append("</p>\n"));
        for (Section section : sections) {
            html.append("<section>\n<h2>").append(Svg.escape(section.heading())).append("</h2>\n");
            if (section.source() != null) {
                html.append("<p class=\"source\">").append(Svg.escape(section.source())).append("</p>\n");
            }
            for (Chart chart : section.charts()) {
                html.append("<div class=\"chart").append(chart.isDrawn() ? "" : " skipped").append("\" data-chart=\"")
                        .append(Svg.escape(chart.name())).append("\" id=\"chart-").append(Svg.escape(chart.name())).append("\">\n")
                        .append("<h3>").append(Svg.escape(chart.title())).append("</h3>\n");
                if (chart.isDrawn()) {
                    html.append(chart.svg()).append('\n').append("<p class=\"caption\">").append(Svg.escape(chart.caption()))
                            .append("</p>\n");
                } else {
                    html.append("<p class=\"note\">Not drawn: ").append(Svg.escape(chart.skipped())).append(".</p>\n");
                }
                html.append("</div>\n");
            }
            html.append("</section>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }
}
