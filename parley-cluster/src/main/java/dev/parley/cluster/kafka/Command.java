package dev.parley.cluster.kafka;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * What a gateway node puts on the commands topic, keyed by conversation. {@code node} and {@code
 * request} say where the sequencer's answer goes; a command replayed after its node died is still
 * applied.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.Send.class, name = "send"),
  @JsonSubTypes.Type(value = Command.Receipt.class, name = "receipt"),
})
sealed interface Command {

  String conv();

  String node();

  String request();

  record Send(
      String conv, String sender, String device, UUID id, String body, String node, String request)
      implements Command {}

  record Receipt(
      String conv,
      String user,
      String device,
      long delivered,
      long read,
      String node,
      String request)
      implements Command {}
}
