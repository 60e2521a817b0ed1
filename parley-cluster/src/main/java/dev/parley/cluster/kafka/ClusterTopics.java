package dev.parley.cluster.kafka;

import dev.parley.cluster.ClusterSettings;
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
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the cluster's two topics if they are missing; every node calls it at start, the first one
 * wins.
 */
public final class ClusterTopics {
  private ClusterTopics() {}

  public static void ensure(ClusterSettings settings) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
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
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + settings.kafka() + ": " + e.getMessage(), e);
    }
  }
}
