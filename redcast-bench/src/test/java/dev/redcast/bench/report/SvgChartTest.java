package dev.redcast.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    private final List<RunResult> rows =
            List.of(
                    ReportFixtures.row(100, 100_000, 2, 0),
                    ReportFixtures.row(200, 200_000, 9, 0),
                    ReportFixtures.row(400, 400_000, 40, 0));

    @Test
    void render_drawsOneSeriesPerPercentileWithAPointPerRow() throws Exception {
        String svg =
                SvgChart.render(
                        List.of(new SvgChart.Source("a", ReportFixtures.report(rows, null))));

        Document doc = parse(svg);
        NodeList groups = doc.getElementsByTagName("g");
        List<String> series = seriesNames(groups);
        assertThat(series).containsExactly("p50", "p90", "p99", "p99.9");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.hasAttribute("data-series")) {
                assertThat(g.getElementsByTagName("circle").getLength()).isEqualTo(3);
                String points =
                        ((Element) g.getElementsByTagName("polyline").item(0))
                                .getAttribute("points");
                assertThat(points.split(" ")).hasSize(3);
            }
        }
        assertThat(svg).contains("deliveries per second", "latency (ms, log scale)", "400k");
    }

    @Test
    void render_putsHigherLatencyHigherOnThePage() throws Exception {
        String svg =
                SvgChart.render(
                        List.of(new SvgChart.Source("a", ReportFixtures.report(rows, null))));

        Element p99 = series(parse(svg), "p99");
        String[] points =
                ((Element) p99.getElementsByTagName("polyline").item(0))
                        .getAttribute("points")
                        .split(" ");
        double firstY = Double.parseDouble(points[0].split(",")[1]);
        double lastY = Double.parseDouble(points[2].split(",")[1]);
        double firstX = Double.parseDouble(points[0].split(",")[0]);
        double lastX = Double.parseDouble(points[2].split(",")[0]);
        assertThat(lastY).as("SVG y grows downwards").isLessThan(firstY);
        assertThat(lastX).isGreaterThan(firstX);
    }

    @Test
    void render_labelsSeriesBySourceAndDrawsTheBound() throws Exception {
        BenchReport a = ReportFixtures.report(rows, SweepSummary.of(rows, 50));
        BenchReport b = ReportFixtures.report(rows.subList(0, 2), null);

        String svg =
                SvgChart.render(
                        List.of(new SvgChart.Source("before", a), new SvgChart.Source("after", b)));

        Document doc = parse(svg);
        assertThat(seriesNames(doc.getElementsByTagName("g")))
                .contains("p99 before", "p99 after", "p50 after")
                .hasSize(8);
        assertThat(svg).contains("class=\"bound\"", "p99 bound 50 ms", "stroke-dasharray=\"8,4\"");
    }

    @Test
    void render_refusesReportsWithoutLatency() {
        RunResult empty = ReportFixtures.empty();

        assertThatThrownBy(
                        () ->
                                SvgChart.render(
                                        List.of(
                                                new SvgChart.Source(
                                                        "x",
                                                        ReportFixtures.report(
                                                                List.of(empty), null)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to chart");
    }

    @Test
    void niceCeiling_roundsUpToOneTwoOrFive() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(1)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(130_000)).isEqualTo(200_000);
        assertThat(SvgChart.niceCeiling(400_001)).isEqualTo(500_000);
        assertThat(SvgChart.niceCeiling(600_000)).isEqualTo(1_000_000);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> seriesNames(NodeList groups) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.hasAttribute("data-series")) {
                names.add(g.getAttribute("data-series"));
            }
        }
        return names;
    }

    private static Element series(Document doc, String name) {
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (name.equals(g.getAttribute("data-series"))) {
                return g;
            }
        }
        throw new AssertionError("no series " + name);
    }
}
