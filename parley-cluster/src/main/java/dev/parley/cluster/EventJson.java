package dev.parley.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.parley.core.event.ConversationEvent;
import dev.parley.core.event.GroupTicks;
import dev.parley.core.event.ReceiptMoved;
import dev.parley.core.event.StoredMessage;
import dev.parley.core.group.MembershipChange;
import dev.parley.core.presence.EphemeralEvent;
import dev.parley.core.presence.PresenceStatus;

/**
 * The JSON of the core's events as the cluster stores and sends them (Kafka feed records, the Redis
 * bus and message cache, Cassandra's feed and membership columns). Mix-ins give the core records
 * this encoding without the core knowing about JSON. The format is fixed, since records written by
 * older nodes stay in the topics and tables:
 *
 * <pre>
 * {"kind":"message","conv":…,"seq":…,"id":…,"from":…,"device":…,"ts":…,"body":…,"system":{…}}
 *     "system" only for a membership change:
 *     {"action":"added","actor":…,"users":[…],"title":…,"promoted":…} (nulls left out)
 * {"kind":"receipt","conv":…,"user":…,"delivered":…,"read":…}
 * {"kind":"group_receipt","conv":…,"delivered":…,"read":…}
 * </pre>
 *
 * <p>Presence and typing events cross the bus as the client frames they become, so nodes of the
 * previous version read them: {@code {"type":"presence","users":[{"userId":…,"online":…,
 * "lastSeen":…}]}} and {@code {"type":"typing","conv":…,"user":…,"active":…}}.
 */
public final class EventJson {
  private static final ObjectMapper EPHEMERAL =
      new ObjectMapper()
          .registerModule(module())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectWriter EPHEMERAL_WRITER = EPHEMERAL.writerFor(EphemeralEvent.class);
  private static final ObjectReader EPHEMERAL_READER = EPHEMERAL.readerFor(EphemeralEvent.class);

  private EventJson() {}

  public static String ephemeral(EphemeralEvent event) {
    try {
      return EPHEMERAL_WRITER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + event, e);
    }
  }

  public static EphemeralEvent ephemeral(String json) throws JsonProcessingException {
    return EPHEMERAL_READER.readValue(json);
  }

  /** Register on every mapper that reads or writes events. */
  public static Module module() {
    SimpleModule m = new SimpleModule("parley-events");
    m.setMixInAnnotation(ConversationEvent.class, EventMixin.class);
    m.setMixInAnnotation(StoredMessage.class, StoredMessageMixin.class);
    m.setMixInAnnotation(MembershipChange.class, MembershipChangeMixin.class);
    m.setMixInAnnotation(MembershipChange.Action.class, ActionMixin.class);
    m.setMixInAnnotation(EphemeralEvent.class, EphemeralMixin.class);
    m.setMixInAnnotation(PresenceStatus.class, PresenceStatusMixin.class);
    return m;
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = EphemeralEvent.PresenceChanged.class, name = "presence"),
    @JsonSubTypes.Type(value = EphemeralEvent.Typing.class, name = "typing"),
  })
  private interface EphemeralMixin {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  private abstract static class PresenceStatusMixin {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = StoredMessage.class, name = "message"),
    @JsonSubTypes.Type(value = ReceiptMoved.class, name = "receipt"),
    @JsonSubTypes.Type(value = GroupTicks.class, name = "group_receipt"),
  })
  private interface EventMixin {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class StoredMessageMixin {
    @JsonProperty("system")
    abstract MembershipChange change();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private abstract static class MembershipChangeMixin {}

  private abstract static class ActionMixin {
    @JsonValue
    abstract String label();
  }
}
