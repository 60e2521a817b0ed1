package dev.parley.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One setting of {@code parley server}, declared once in {@link ServerOptions}. Its kebab-case
 * {@link #name} gives everything else: the flag {@code --name}, the environment variable {@code
 * PARLEY_NAME} and the key {@code name} of the {@code --config} file. The value is typed: {@link
 * #parse} turns the text from any of those sources into one and checks it, {@link #format} turns a
 * value back into that text (which is how {@code --help} and docs/operations.md show the default).
 *
 * <p>Options are compared by identity: each is a constant of {@link ServerOptions}.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {
  private final String name;
  private final String label;
  private final Function<String, T> parser;
  private final Function<? super T, String> formatter;
  private final T defaultValue;
  private final String description;
  private final List<Condition<? super T>> conditions;

  /** One thing a value must be, and how to say so when it is not. */
  private record Condition<T>(Predicate<T> test, String requirement) {}

  private Option(
      String name,
      String label,
      Function<String, T> parser,
      Function<? super T, String> formatter,
      T defaultValue,
      String description,
      List<Condition<? super T>> conditions) {
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("option names are kebab case: " + name);
    }
    this.name = name;
    this.label = label;
    this.parser = parser;
    this.formatter = formatter;
    this.defaultValue = defaultValue;
    this.description = description;
    this.conditions = List.copyOf(conditions);
    if (defaultValue != null) {
      validate(defaultValue);
    }
  }

  /** A whole number. */
  public static Option<Integer> integer(String name, Integer defaultValue, String description) {
    return new Option<>(
        name, "<n>", Integer::valueOf, String::valueOf, defaultValue, description, List.of());
  }

  /** A whole number too large for an int (bytes). */
  public static Option<Long> longInteger(String name, Long defaultValue, String description) {
    return new Option<>(
        name, "<n>", Long::valueOf, String::valueOf, defaultValue, description, List.of());
  }

  /** {@code true} or {@code false}, nothing else. */
  public static Option<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Option<>(
        name,
        "<true|false>",
        Option::parseBoolean,
        String::valueOf,
        defaultValue,
        description,
        List.of());
  }

  /** Free text. */
  public static Option<String> text(String name, String defaultValue, String description) {
    return new Option<>(
        name,
        "<text>",
        s -> s,
        s -> s,
        defaultValue,
        description,
        List.of(new Condition<>(s -> !s.isEmpty(), "not empty")));
  }

  /** A file or directory. */
  public static Option<Path> path(String name, Path defaultValue, String description) {
    return new Option<>(
        name, "<path>", Path::of, Path::toString, defaultValue, description, List.of());
  }

  /** A duration written in milliseconds (the name ends in {@code -ms}). */
  public static Option<Duration> millis(String name, Duration defaultValue, String description) {
    if (!name.endsWith("-ms")) {
      throw new IllegalArgumentException("a duration's name ends in -ms: " + name);
    }
    return new Option<>(
        name,
        "<ms>",
        s -> Duration.ofMillis(Long.parseLong(s)),
        d -> Long.toString(d.toMillis()),
        defaultValue,
        description,
        List.of());
  }

  /** One of an enum's constants, written in lower case. */
  public static <E extends Enum<E>> Option<E> choice(
      String name, Class<E> type, E defaultValue, String description) {
    String names =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining("|"));
    return new Option<>(
        name,
        "<" + names + ">",
        s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)),
        e -> e.name().toLowerCase(Locale.ROOT),
        defaultValue,
        description,
        List.of());
  }

  /** A token bucket, {@code rate/burst} per second. */
  public static Option<Rate> rate(String name, Rate defaultValue, String description) {
    return new Option<>(
        name, "<rate/burst>", Rate::parse, Rate::toString, defaultValue, description, List.of());
  }

  /**
   * Addresses written {@code host:port,host:port,...}; a host without a port gets {@code
   * defaultPort}.
   */
  public static Option<List<InetSocketAddress>> addresses(
      String name, int defaultPort, List<InetSocketAddress> defaultValue, String description) {
    return new Option<>(
        name,
        "<host:port,...>",
        s -> parseAddresses(s, defaultPort),
        list ->
            list.stream()
                .map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(",")),
        defaultValue == null ? null : List.copyOf(defaultValue),
        description,
        List.of(new Condition<>(list -> !list.isEmpty(), "at least one host:port")));
  }

  /**
   * Texts written {@code a,b,...}; none by default. Each entry read is {@code normalise}d (to the
   * form a value set in code must already have); {@link #check} says which entries are valid.
   */
  public static Option<List<String>> list(
      String name, String elementLabel, UnaryOperator<String> normalise, String description) {
    return new Option<>(
        name,
        "<" + elementLabel + ",...>",
        s ->
            Arrays.stream(s.split(","))
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .map(normalise)
                .toList(),
        list -> String.join(",", list),
        List.of(),
        description,
        List.of());
  }

  /** The same option, with one more condition its values must meet ("must be {@code what}"). */
  public Option<T> check(Predicate<? super T> condition, String what) {
    List<Condition<? super T>> more = new ArrayList<>(conditions);
    more.add(new Condition<>(condition, what));
    return new Option<>(name, label, parser, formatter, defaultValue, description, more);
  }

  /** The same option, refusing numbers (or milliseconds) below {@code min}. */
  public Option<T> atLeast(long min) {
    return check(v -> magnitude(v) >= min, "at least " + min);
  }

  /** The same option, refusing numbers (or milliseconds) outside {@code [min, max]}. */
  public Option<T> between(long min, long max) {
    return check(v -> magnitude(v) >= min && magnitude(v) <= max, min + " to " + max);
  }

  public String name() {
    return name;
  }

  /** {@code --name}. */
  public String flag() {
    return "--" + name;
  }

  /** {@code PARLEY_NAME}: the environment variable that sets this option. */
  public String envVar() {
    return envVarOf(name);
  }

  /** The environment variable of a flag or option name: {@code --data-dir} → PARLEY_DATA_DIR. */
  public static String envVarOf(String flagOrName) {
    return "PARLEY_"
        + flagOrName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** What {@code --help} shows for the value, e.g. {@code <ms>}. */
  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** The value when none is given; null means unset. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The default as it would be written, or null if the option is unset by default. An empty list is
   * written as nothing, so it shows as unset too (there is nothing to pass on the command line).
   */
  public String defaultText() {
    String text = defaultValue == null ? null : format(defaultValue);
    return text == null || text.isEmpty() ? null : text;
  }

  public String format(T value) {
    return formatter.apply(value);
  }

  /** Reads a value from text (a flag, the environment, the file) and checks it. */
  public T parse(String text) {
    T value;
    try {
      value = parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          flag() + " must look like " + label + ", not '" + text + "'", e);
    }
    return validate(value);
  }

  /** Checks a value; returns it or throws {@link IllegalArgumentException} naming the option. */
  public T validate(T value) {
    Objects.requireNonNull(value, name);
    for (Condition<? super T> condition : conditions) {
      if (!condition.test().test(value)) {
        throw new IllegalArgumentException(
            flag() + " must be " + condition.requirement() + ", not " + format(value));
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return flag();
  }

  private static long magnitude(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof Duration d) {
      return d.toMillis();
    }
    throw new IllegalStateException("not a number: " + value);
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(s);
    };
  }

  private static List<InetSocketAddress> parseAddresses(String text, int defaultPort) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(hostPort -> address(hostPort, defaultPort))
        .toList();
  }

  private static InetSocketAddress address(String hostPort, int defaultPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(hostPort, defaultPort);
    }
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
