package dev.parley.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportTest {

  record Sample(String target, double deliveredPerSecond, LatencySummary endToEnd) {}

  @Test
  void resultLineIsOneParsableJsonObject() throws Exception {
    Histogram h = new Histogram(60_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 10L); // 10 µs .. 10 ms
    }
    Sample sample = new Sample("parley", 25_000.5, LatencySummary.ofMicros(h));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Report.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), "chat", Map.of("k", "v"), sample);

    String line =
        bytes
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith(Report.JSON_PREFIX))
            .findFirst()
            .orElseThrow();
    JsonNode json = new ObjectMapper().readTree(line.substring(Report.JSON_PREFIX.length()));
    assertThat(json.get("target").asText()).isEqualTo("parley");
    assertThat(json.get("deliveredPerSecond").asDouble()).isEqualTo(25_000.5);
    assertThat(json.get("endToEnd").get("count").asLong()).isEqualTo(1000);
    assertThat(json.get("endToEnd").get("p99").asDouble()).isBetween(9.8, 10.0);
  }

  @Test
  void chartIsWellFormedSvgWithOneLinePerPercentile() throws Exception {
    LatencySummary low = new LatencySummary(10, 0.5, 0.8, 1.2, 2, 3, 0.6);
    LatencySummary high = new LatencySummary(10, 2, 5, 20, 40, 60, 3);
    String svg =
        LatencyChart.svg(
            List.of(
                new LatencyChart.Point(1000, 1000, low),
                new LatencyChart.Point(20000, 19000, high)));

    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(4);
  }
}
