package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the cluster's two topics if they are missing; every node calls it at start, the first one
 * wins. A broker that has just started, or shares its cores with the rest of a loaded machine, can
 * take tens of seconds to list or create topics, and the node cannot start without them: each call
 * may take {@link #CALL_TIMEOUT}, and the whole check runs again up to {@link #ATTEMPTS} times
 * after a timeout or a retriable error (listing, then creating only what is missing, is
 * idempotent).
 */
public final class ClusterTopics {
  /** One admin call on a loaded broker; Kafka's own default API timeout is the same minute. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  static final int ATTEMPTS = 3;

  private ClusterTopics() {}

  public static void ensure(ClusterSettings settings) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(props)) {
      for (int attempt = 1; ; attempt++) {
        try {
          createMissing(admin, settings);
          return;
        } catch (TimeoutException | ExecutionException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          boolean retriable = e instanceof TimeoutException || cause instanceof RetriableException;
          if (!retriable || attempt >= ATTEMPTS) {
            throw new IllegalStateException(
                "cannot create the topics on Kafka at "
                    + settings.kafka()
                    + " (attempt "
                    + attempt
                    + "): "
                    + cause.getMessage(),
                e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static void createMissing(Admin admin, ClusterSettings settings)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing =
        admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    // The broker stamps each record's time (LogAppendTime), so a replayed command gets the same
    // server time it got the first time: the sequencer's output is a function of the log alone.
    Map<String, String> configs =
        Map.of(
            "message.timestamp.type",
            "LogAppendTime",
            "min.insync.replicas",
            Integer.toString(Math.min(2, settings.replication())));
    List<NewTopic> missing = new ArrayList<>();
    if (!existing.contains(settings.commandsTopic())) {
      missing.add(
          new NewTopic(
                  settings.commandsTopic(),
                  settings.commandPartitions(),
                  (short) settings.replication())
              .configs(configs));
    }
    if (!existing.contains(settings.feedTopic())) {
      missing.add(
          new NewTopic(
                  settings.feedTopic(), settings.feedPartitions(), (short) settings.replication())
              .configs(configs));
    }
    for (NewTopic topic : missing) {
      try {
        admin
            .createTopics(List.of(topic))
            .all()
            .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // Another node (or this one's earlier attempt, which timed out here but went through).
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }
}
