package dev.parley.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A result as people and scripts read it: an aligned two-column table, then the same data as one
 * JSON line prefixed with {@code RESULT } (so {@code grep '^RESULT ' | cut -c8-} extracts it).
 */
public final class Report {
  public static final String JSON_PREFIX = "RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {}

  /** Prints {@code rows} as a table titled {@code title}, then {@code result} as one JSON line. */
  public static void print(PrintStream out, String title, Map<String, String> rows, Object result) {
    out.println();
    out.println("== " + title + " ==");
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    rows.forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, v));
    out.println(JSON_PREFIX + json(result));
  }

  public static String json(Object result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An insertion-ordered map to build table rows with. */
  public static Map<String, String> rows() {
    return new LinkedHashMap<>();
  }
}
