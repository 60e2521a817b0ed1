package dev.parley.cluster.kafka;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.core.conversation.ConversationId;
import dev.parley.core.log.GroupCommand;
import java.util.List;
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
  @JsonSubTypes.Type(value = Command.Group.class, name = "group"),
})
sealed interface Command {

  String conv();

  String node();

  String request();

  /**
   * {@code after}: the client's claim that a copy of this message stored before has a seq above it
   * (null: no claim), which lets the owner answer from the keys it holds.
   */
  record Send(
      String conv,
      String sender,
      String device,
      UUID id,
      String body,
      Long after,
      String node,
      String request)
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

  /**
   * A membership change ({@code op}: create, add, remove, leave, admin, rename); {@code users} are
   * whom it names (one for remove and admin), {@code title} is set for create and rename, {@code
   * admin} for admin.
   */
  record Group(
      String conv,
      String op,
      String actor,
      String device,
      String title,
      List<String> users,
      boolean admin,
      String node,
      String request)
      implements Command {
    public Group {
      users = users == null ? List.of() : List.copyOf(users);
    }

    static Group of(GroupCommand c, String node, String request) {
      String conv = c.conv().value();
      if (c instanceof GroupCommand.Create g) {
        return new Group(
            conv,
            "create",
            c.actor(),
            c.actorDevice(),
            g.title(),
            g.members(),
            false,
            node,
            request);
      } else if (c instanceof GroupCommand.Add g) {
        return new Group(
            conv, "add", c.actor(), c.actorDevice(), null, g.users(), false, node, request);
      } else if (c instanceof GroupCommand.Remove g) {
        return new Group(
            conv,
            "remove",
            c.actor(),
            c.actorDevice(),
            null,
            List.of(g.user()),
            false,
            node,
            request);
      } else if (c instanceof GroupCommand.Leave) {
        return new Group(
            conv, "leave", c.actor(), c.actorDevice(), null, List.of(), false, node, request);
      } else if (c instanceof GroupCommand.SetAdmin g) {
        return new Group(
            conv,
            "admin",
            c.actor(),
            c.actorDevice(),
            null,
            List.of(g.user()),
            g.admin(),
            node,
            request);
      } else if (c instanceof GroupCommand.Rename g) {
        return new Group(
            conv, "rename", c.actor(), c.actorDevice(), g.title(), List.of(), false, node, request);
      }
      throw new IllegalArgumentException("unknown group command " + c);
    }

    GroupCommand command() {
      ConversationId id = ConversationId.parse(conv).orElseThrow();
      return switch (op) {
        case "create" -> new GroupCommand.Create(id, actor, device, title, users);
        case "add" -> new GroupCommand.Add(id, actor, device, users);
        case "remove" -> new GroupCommand.Remove(id, actor, device, users.get(0));
        case "leave" -> new GroupCommand.Leave(id, actor, device);
        case "admin" -> new GroupCommand.SetAdmin(id, actor, device, users.get(0), admin);
        case "rename" -> new GroupCommand.Rename(id, actor, device, title);
        default -> throw new IllegalArgumentException("unknown group op " + op);
      };
    }
  }
}
