package dev.parley.server.config;

import static dev.parley.server.config.ServerOptions.GROUP_CREATIONS_PER_HOUR;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_ADDED;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_MEMBERS;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_TITLE;
import static dev.parley.server.config.ServerOptions.MAX_BODY_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.MODE;
import static dev.parley.server.config.ServerOptions.RATE_CHATTER;
import static dev.parley.server.config.ServerOptions.RATE_MESSAGES;
import static dev.parley.server.config.ServerOptions.RATE_RECEIPTS;
import static dev.parley.server.config.ServerOptions.TLS_CERT;
import static dev.parley.server.config.ServerOptions.TLS_KEY;

import dev.parley.core.group.GroupLimits;
import dev.parley.core.messaging.RateLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values a server runs with: an option set here, or its declared default (see {@link
 * ServerOptions}). Immutable; {@link #builder()} and {@link #toBuilder()} make changed copies, and
 * {@link Builder#build()} is where values are checked: each on its own as it is set, against each
 * other when built.
 */
public final class ServerConfig {
  private final Map<Option<?>, Object> values;

  private ServerConfig(Map<Option<?>, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** Every option at its default. */
  public static ServerConfig defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    return new Builder(values);
  }

  /** The option's value: the one set, else its default (null for an option unset by default). */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    Object value = values.get(option);
    return value != null ? (T) value : option.defaultValue();
  }

  public boolean clustered() {
    return get(MODE) == ServerOptions.Mode.CLUSTER;
  }

  public boolean tls() {
    return get(TLS_CERT) != null;
  }

  /** The three per-device buckets as the messaging core takes them. */
  public RateLimits rateLimits() {
    Rate m = get(RATE_MESSAGES);
    Rate r = get(RATE_RECEIPTS);
    Rate c = get(RATE_CHATTER);
    return new RateLimits(
        m.perSecond(), m.burst(), r.perSecond(), r.burst(), c.perSecond(), c.burst());
  }

  public GroupLimits groupLimits() {
    return new GroupLimits(
        get(GROUP_MAX_MEMBERS),
        get(GROUP_MAX_TITLE),
        get(GROUP_CREATIONS_PER_HOUR),
        get(GROUP_MAX_ADDED));
  }

  /** The options set, as they would be written on the command line. */
  @Override
  public String toString() {
    return values.keySet().stream()
        .map(o -> o.flag() + " " + text(o))
        .collect(Collectors.joining(" ", "ServerConfig[", "]"));
  }

  private <T> String text(Option<T> option) {
    return option.format(get(option));
  }

  /** Sets options; {@link #build()} checks how they fit together. */
  public static final class Builder {
    private final Map<Option<?>, Object> values;

    private Builder(Map<Option<?>, Object> values) {
      this.values = new LinkedHashMap<>(values);
    }

    /** Sets an option (null: back to its default); a value the option refuses throws. */
    public <T> Builder set(Option<T> option, T value) {
      if (value == null) {
        values.remove(option);
      } else {
        values.put(option, option.validate(value));
      }
      return this;
    }

    /** Sets an option from its text form, as on the command line. */
    public Builder parse(Option<?> option, String text) {
      values.put(option, option.parse(text));
      return this;
    }

    /** Sets the three rate options from the messaging core's form. */
    public Builder rateLimits(RateLimits limits) {
      return set(RATE_MESSAGES, new Rate(limits.messagesPerSecond(), limits.messageBurst()))
          .set(RATE_RECEIPTS, new Rate(limits.receiptsPerSecond(), limits.receiptBurst()))
          .set(RATE_CHATTER, new Rate(limits.chatterPerSecond(), limits.chatterBurst()));
    }

    /** Checks the options that depend on each other. */
    public ServerConfig build() {
      ServerConfig config = new ServerConfig(values);
      if (config.get(MAX_BODY_BYTES) > config.get(MAX_FRAME_BYTES)) {
        throw new IllegalArgumentException(MAX_BODY_BYTES + " must be at most " + MAX_FRAME_BYTES);
      }
      if ((config.get(TLS_CERT) == null) != (config.get(TLS_KEY) == null)) {
        throw new IllegalArgumentException(TLS_CERT + " and " + TLS_KEY + " go together");
      }
      return config;
    }
  }
}
