package dev.parley.server.config;

import static dev.parley.server.config.ServerOptions.DEVICE_IDLE_DAYS;
import static dev.parley.server.config.ServerOptions.GROUP_CREATIONS_PER_HOUR;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_ADDED;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_MEMBERS;
import static dev.parley.server.config.ServerOptions.GROUP_MAX_TITLE;
import static dev.parley.server.config.ServerOptions.KAFKA_TRANSACTION_TIMEOUT;
import static dev.parley.server.config.ServerOptions.MAX_BODY_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_DEVICES_PER_USER;
import static dev.parley.server.config.ServerOptions.MAX_FRAME_BYTES;
import static dev.parley.server.config.ServerOptions.MAX_PENDING_READS;
import static dev.parley.server.config.ServerOptions.MODE;
import static dev.parley.server.config.ServerOptions.PUSH_COALESCE;
import static dev.parley.server.config.ServerOptions.PUSH_GATEWAYS;
import static dev.parley.server.config.ServerOptions.PUSH_IN_FLIGHT;
import static dev.parley.server.config.ServerOptions.PUSH_MAX_AGE;
import static dev.parley.server.config.ServerOptions.PUSH_PREVIEWS;
import static dev.parley.server.config.ServerOptions.PUSH_QUEUE;
import static dev.parley.server.config.ServerOptions.PUSH_RETRY_MAX;
import static dev.parley.server.config.ServerOptions.RATE_CHATTER;
import static dev.parley.server.config.ServerOptions.RATE_MESSAGES;
import static dev.parley.server.config.ServerOptions.RATE_OPENS;
import static dev.parley.server.config.ServerOptions.RATE_READS;
import static dev.parley.server.config.ServerOptions.RATE_RECEIPTS;
import static dev.parley.server.config.ServerOptions.RATE_REGISTRATIONS;
import static dev.parley.server.config.ServerOptions.SEQUENCER_COMMIT_INTERVAL;
import static dev.parley.server.config.ServerOptions.TLS_CERT;
import static dev.parley.server.config.ServerOptions.TLS_KEY;

import dev.parley.core.account.DeviceLimits;
import dev.parley.core.account.LoginLimits;
import dev.parley.core.group.GroupLimits;
import dev.parley.core.messaging.RateLimits;
import dev.parley.core.push.PushPolicy;
import dev.parley.server.push.PushGatewayUrls;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values a server runs with: an option set here, or its declared default (see {@link
 * ServerOptions}). Immutable; {@link #builder()} and {@link #toBuilder()} make changed copies, and
 * {@link Builder#build()} is where values are checked: each on its own as it is set, against each
 * other when built.
 *
 * <p>Besides options, a server started in-process (tests, benchmarks) may replace the whole {@link
 * LoginLimits} or {@link DeviceLimits}: their finer knobs (back-off delays, touch interval, expiry
 * in seconds) are not operator options, yet tests must turn them down to be fast and not flaky.
 */
public final class ServerConfig {
  private final Map<Option<?>, Object> values;
  private final LoginLimits loginLimits;
  private final DeviceLimits deviceLimits;

  private ServerConfig(
      Map<Option<?>, Object> values, LoginLimits loginLimits, DeviceLimits deviceLimits) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.loginLimits = loginLimits;
    this.deviceLimits = deviceLimits;
  }

  public static Builder builder() {
    return new Builder(Map.of(), null, null);
  }

  /** Every option at its default. */
  public static ServerConfig defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    return new Builder(values, loginLimits, deviceLimits);
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

  /** The per-device buckets and the pending-read bound as the messaging core takes them. */
  public RateLimits rateLimits() {
    Rate m = get(RATE_MESSAGES);
    Rate r = get(RATE_RECEIPTS);
    Rate c = get(RATE_CHATTER);
    Rate reads = get(RATE_READS);
    Rate opens = get(RATE_OPENS);
    return new RateLimits(
        m.perSecond(),
        m.burst(),
        r.perSecond(),
        r.burst(),
        c.perSecond(),
        c.burst(),
        reads.perSecond(),
        reads.burst(),
        opens.perSecond(),
        opens.burst(),
        get(MAX_PENDING_READS));
  }

  /**
   * Log-in and registration throttling: {@code --rate-registrations} over the core's defaults for
   * the rest, unless an in-process server replaced the whole record.
   */
  public LoginLimits loginLimits() {
    if (loginLimits != null) {
      return loginLimits;
    }
    LoginLimits d = LoginLimits.DEFAULTS;
    Rate registrations = get(RATE_REGISTRATIONS);
    return new LoginLimits(
        d.freeFailures(),
        d.firstDelay(),
        d.maxDelay(),
        d.forgetAfter(),
        d.addressFailureBurst(),
        d.addressFailureInterval(),
        registrations.burst(),
        Duration.ofHours(1).dividedBy(registrations.perSecond()),
        d.maxTracked());
  }

  /**
   * The device cap and idle expiry from their options, unless an in-process server replaced the
   * whole record.
   */
  public DeviceLimits deviceLimits() {
    if (deviceLimits != null) {
      return deviceLimits;
    }
    return new DeviceLimits(
        get(MAX_DEVICES_PER_USER),
        Duration.ofDays(get(DEVICE_IDLE_DAYS)),
        DeviceLimits.DEFAULTS.touchInterval());
  }

  public GroupLimits groupLimits() {
    return new GroupLimits(
        get(GROUP_MAX_MEMBERS),
        get(GROUP_MAX_TITLE),
        get(GROUP_CREATIONS_PER_HOUR),
        get(GROUP_MAX_ADDED));
  }

  /** How push notifications are sent (docs/push.md); disabled without gateways. */
  public PushPolicy pushPolicy() {
    return new PushPolicy(
        PushGatewayUrls.parse(get(PUSH_GATEWAYS)).keySet(),
        get(PUSH_PREVIEWS),
        get(PUSH_COALESCE),
        get(PUSH_MAX_AGE),
        get(PUSH_QUEUE),
        get(PUSH_IN_FLIGHT),
        Duration.ofSeconds(1),
        get(PUSH_RETRY_MAX));
  }

  /** The options set, as they would be written on the command line. */
  @Override
  public String toString() {
    String options =
        values.keySet().stream()
            .map(o -> o.flag() + " " + text(o))
            .collect(Collectors.joining(" "));
    return "ServerConfig["
        + options
        + (loginLimits == null ? "" : " " + loginLimits)
        + (deviceLimits == null ? "" : " " + deviceLimits)
        + "]";
  }

  private <T> String text(Option<T> option) {
    return option.format(get(option));
  }

  /** Sets options; {@link #build()} checks how they fit together. */
  public static final class Builder {
    private final Map<Option<?>, Object> values;
    private LoginLimits loginLimits;
    private DeviceLimits deviceLimits;

    private Builder(
        Map<Option<?>, Object> values, LoginLimits loginLimits, DeviceLimits deviceLimits) {
      this.values = new LinkedHashMap<>(values);
      this.loginLimits = loginLimits;
      this.deviceLimits = deviceLimits;
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

    /** Sets the rate options and the pending-read bound from the messaging core's form. */
    public Builder rateLimits(RateLimits limits) {
      return set(RATE_MESSAGES, new Rate(limits.messagesPerSecond(), limits.messageBurst()))
          .set(RATE_RECEIPTS, new Rate(limits.receiptsPerSecond(), limits.receiptBurst()))
          .set(RATE_CHATTER, new Rate(limits.chatterPerSecond(), limits.chatterBurst()))
          .set(RATE_READS, new Rate(limits.readsPerSecond(), limits.readBurst()))
          .set(RATE_OPENS, new Rate(limits.opensPerSecond(), limits.openBurst()))
          .set(MAX_PENDING_READS, limits.maxPendingReads());
    }

    /**
     * Replaces the whole log-in throttling, {@code --rate-registrations} included (in-process
     * servers only; null: back to the options).
     */
    public Builder loginLimits(LoginLimits limits) {
      loginLimits = limits;
      return this;
    }

    /**
     * Replaces the whole device policy, the device options included (in-process servers only; null:
     * back to the options).
     */
    public Builder deviceLimits(DeviceLimits limits) {
      deviceLimits = limits;
      return this;
    }

    /** Checks the options that depend on each other. */
    public ServerConfig build() {
      ServerConfig config = new ServerConfig(values, loginLimits, deviceLimits);
      if (config.get(MAX_BODY_BYTES) > config.get(MAX_FRAME_BYTES)) {
        throw new IllegalArgumentException(MAX_BODY_BYTES + " must be at most " + MAX_FRAME_BYTES);
      }
      if ((config.get(TLS_CERT) == null) != (config.get(TLS_KEY) == null)) {
        throw new IllegalArgumentException(TLS_CERT + " and " + TLS_KEY + " go together");
      }
      if (config
              .get(SEQUENCER_COMMIT_INTERVAL)
              .multipliedBy(2)
              .compareTo(config.get(KAFKA_TRANSACTION_TIMEOUT))
          > 0) {
        // The broker aborts a transaction left open longer than its timeout.
        throw new IllegalArgumentException(
            SEQUENCER_COMMIT_INTERVAL + " must be at most half of " + KAFKA_TRANSACTION_TIMEOUT);
      }
      return config;
    }
  }
}
