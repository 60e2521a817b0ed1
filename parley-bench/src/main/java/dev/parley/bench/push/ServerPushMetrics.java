package dev.parley.bench.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spawned server's own push counters, read from its Prometheus endpoint (whose address its log
 * names): what it says it queued, sent and dropped, and the mean gateway exchange.
 */
final class ServerPushMetrics {
  private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");

  private ServerPushMetrics() {}

  /**
   * {@code parley_push_*} samples (histogram buckets left out), keyed as Prometheus prints them;
   * empty if the log names no metrics address or it cannot be read.
   */
  static Map<String, Double> read(Path serverLog) {
    Map<String, Double> samples = new TreeMap<>();
    if (serverLog == null) {
      return samples;
    }
    try {
      String url = null;
      Matcher m = METRICS_URL.matcher(Files.readString(serverLog));
      while (m.find()) {
        url = m.group(1); // the last start's
      }
      if (url == null) {
        return samples;
      }
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : body.split("\n")) {
        if (line.startsWith("parley_push_") && !line.contains("_bucket{")) {
          int space = line.lastIndexOf(' ');
          samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // No server counters in the report: the bench's own counts still stand.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return samples;
  }
}
