package dev.rashomon.report;

/**
 * One chart of the page: drawn (an inline SVG) or skipped, with the reason shown in its place and
 * recorded in run.json.
 *
 * @param name the {@code data-chart} name tests and run.json use
 * @param svg the drawing, or null when skipped
 * @param skipped why it was not drawn, or null
 */
public record Chart(String name, String title, String caption, String svg, String skipped) {
    static Chart drawn(String name, String title, String caption, String svg) {
        return new Chart(name, title, caption, svg, null);
    }

    static Chart skipped(String name, String title, String reason) {
        return new Chart(name, title, "", null, reason);
    }

    public boolean isDrawn() {
        return svg != null;
    }
}
