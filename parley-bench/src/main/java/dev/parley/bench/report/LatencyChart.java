package dev.parley.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * An SVG line chart of end-to-end latency percentiles (log scale) against offered load, written by
 * hand so the bench needs no charting library. One line per percentile: p50, p90, p99, p99.9.
 */
public final class LatencyChart {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 150;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final String[] NAMES = {"p50", "p90", "p99", "p99.9"};
  private static final String[] COLORS = {"#1b9e77", "#7570b3", "#d95f02", "#e7298a"};

  /** One sweep step: offered and delivered msgs/s and the e2e latency at that load. */
  public record Point(double offered, double delivered, LatencySummary latency) {
    double percentile(int i) {
      return switch (i) {
        case 0 -> latency.p50();
        case 1 -> latency.p90();
        case 2 -> latency.p99();
        default -> latency.p999();
      };
    }
  }

  private LatencyChart() {}

  public static String svg(List<Point> points) {
    double maxX = points.stream().mapToDouble(Point::offered).max().orElse(1);
    double minY = 0.1;
    double maxY = 1;
    for (Point p : points) {
      maxY = Math.max(maxY, p.latency().p999());
    }
    double decades = Math.ceil(Math.log10(maxY / minY));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        text(
            WIDTH / 2.0 - 40, 22, "Parley chat: end-to-end latency vs offered load", "middle", 14));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    // Y grid: one line per decade of milliseconds.
    for (int d = 0; d <= decades; d++) {
      double y = TOP + plotH - plotH * d / decades;
      s.append(line(LEFT, y, LEFT + plotW, y, "#dddddd"));
      s.append(text(LEFT - 8, y + 4, trim(minY * Math.pow(10, d)) + " ms", "end", 12));
    }
    // X grid: five ticks.
    for (int i = 0; i <= 5; i++) {
      double x = LEFT + plotW * i / 5;
      s.append(line(x, TOP, x, TOP + plotH, "#eeeeee"));
      s.append(
          text(
              x,
              TOP + plotH + 18,
              String.format(Locale.ROOT, "%,.0f", maxX * i / 5),
              "middle",
              12));
    }
    s.append(text(LEFT + plotW / 2, HEIGHT - 15, "offered load (msgs/s)", "middle", 12));
    s.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333333"));
    s.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333333"));
    for (int i = 0; i < NAMES.length; i++) {
      StringBuilder path = new StringBuilder();
      for (Point p : points) {
        double x = LEFT + plotW * p.offered() / maxX;
        double v = Math.max(minY, p.percentile(i));
        double y = TOP + plotH - plotH * Math.log10(v / minY) / decades;
        path.append(path.length() == 0 ? "" : " ")
            .append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                x,
                y,
                COLORS[i]));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
              path,
              COLORS[i]));
      double ly = TOP + 10 + i * 20;
      s.append(line(WIDTH - RIGHT + 15, ly, WIDTH - RIGHT + 40, ly, COLORS[i]));
      s.append(text(WIDTH - RIGHT + 46, ly + 4, NAMES[i], "start", 12));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static String trim(double v) {
    return v < 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static String text(double x, double y, String content, String anchor, int size) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        content);
  }
}
