package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every option of {@code parley server} with its environment variable and
 * default as declared, and no option that is not declared. A failure prints the rows to paste.
 */
class OperationsDocTest {
  private static final Path DOC = Path.of("..", "docs", "operations.md");
  private static final Pattern ROW =
      Pattern.compile("^\\| `(--[a-z0-9-]+)` \\|", Pattern.MULTILINE);

  /** The start of an option's row; the meaning after it is free text. */
  static String rowStart(Option<?> option) {
    String defaultText = option.defaultText();
    return "| `"
        + option.flag()
        + "` | `"
        + option.envVar()
        + "` | "
        + (defaultText == null ? "(unset)" : "`" + defaultText + "`")
        + " |";
  }

  @Test
  void everyOptionHasItsRowWithItsDefault() throws IOException {
    String doc = Files.readString(DOC);
    List<Option<?>> missing =
        ServerOptions.ALL.stream().filter(o -> !doc.contains(rowStart(o) + " ")).toList();
    assertThat(missing)
        .as(
            "options missing from or out of date in %s; their rows:%n%s",
            DOC,
            missing.stream()
                .map(o -> rowStart(o) + " " + o.description() + " |")
                .collect(Collectors.joining("\n")))
        .isEmpty();
  }

  @Test
  void everyRowIsADeclaredOption() throws IOException {
    Matcher rows = ROW.matcher(Files.readString(DOC));
    List<String> declared = ServerOptions.ALL.stream().map(Option::flag).toList();
    while (rows.find()) {
      assertThat(declared).as("%s documents an unknown option", DOC).contains(rows.group(1));
    }
  }
}
