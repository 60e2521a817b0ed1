package dev.parley.cli.client;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyListener;
import dev.parley.client.group.GroupChange;
import dev.parley.client.group.GroupInfoPage;
import dev.parley.client.group.GroupMember;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley group …}: creates and manages groups. A group is named by its id ({@code g.…}),
 * which {@code group create} prints; members are named by handle, resolved to user ids through the
 * group's member pages where the protocol wants an id. Each subcommand connects, makes its one
 * request, and exits 0 once the server answered (1 with the server's error code otherwise).
 */
@Command(
    name = "group",
    description = "Create and manage groups.",
    mixinStandardHelpOptions = true,
    subcommands = {
      GroupCommand.Create.class,
      GroupCommand.Add.class,
      GroupCommand.Remove.class,
      GroupCommand.Leave.class,
      GroupCommand.Info.class,
      GroupCommand.Rename.class,
      GroupCommand.Admin.class
    })
public final class GroupCommand {
  private static final int PAGE = 500;

  /** What every group subcommand has: the profile, a timeout, and how it talks to the server. */
  abstract static class GroupSubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ProfileOption profileOption;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "How long to wait for the server (default 30).")
    int timeoutSeconds = 30;

    @Override
    public Integer call() {
      return ClientCommands.run(
          spec,
          () -> {
            Profile profile = profileOption.require();
            try (ParleyClient client = ClientCommands.connect(profile, new ParleyListener() {})) {
              run(client, spec.commandLine().getOut());
              spec.commandLine().getOut().flush();
              return 0;
            }
          });
    }

    abstract void run(ParleyClient client, PrintWriter out) throws Exception;

    /** The user id of member {@code handle} of {@code conv}, from the group's member pages. */
    String memberId(ParleyClient client, String conv, String handle) throws Exception {
      String wanted = handle.startsWith("@") ? handle.substring(1) : handle;
      String after = null;
      do {
        GroupInfoPage page =
            ClientCommands.await(client.groupInfo(conv, after, PAGE), timeoutSeconds);
        for (GroupMember m : page.members()) {
          if (wanted.equalsIgnoreCase(m.handle())) {
            return m.userId();
          }
        }
        after = page.next();
      } while (after != null);
      throw new ClientCommandException(wanted + " is not a member of " + conv);
    }
  }

  @Command(
      name = "create",
      description = "Create a group with these members (you are its admin); prints its id.",
      mixinStandardHelpOptions = true)
  static final class Create extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "TITLE")
    String title;

    @Parameters(index = "1..*", paramLabel = "HANDLE", arity = "0..*")
    List<String> handles = new ArrayList<>();

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      GroupChange created =
          ClientCommands.await(client.createGroup(title, handles), timeoutSeconds);
      // The id alone, so a script can take it: conv=$(parley group create Trip bob carol)
      out.println(created.conv());
    }
  }

  @Command(
      name = "add",
      description = "Add users to a group (admins).",
      mixinStandardHelpOptions = true)
  static final class Add extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Parameters(index = "1..*", paramLabel = "HANDLE", arity = "1..*")
    List<String> handles;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      ClientCommands.await(client.addMembers(conv, handles.toArray(String[]::new)), timeoutSeconds);
      out.println("added " + String.join(", ", handles));
    }
  }

  @Command(
      name = "remove",
      description = "Remove a member from a group (admins).",
      mixinStandardHelpOptions = true)
  static final class Remove extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Parameters(index = "1", paramLabel = "HANDLE")
    String handle;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      ClientCommands.await(
          client.removeMember(conv, memberId(client, conv, handle)), timeoutSeconds);
      out.println("removed " + handle);
    }
  }

  @Command(name = "leave", description = "Leave a group.", mixinStandardHelpOptions = true)
  static final class Leave extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      ClientCommands.await(client.leaveGroup(conv), timeoutSeconds);
      out.println("you left " + conv);
    }
  }

  @Command(
      name = "info",
      description = "Show a group's title and members.",
      mixinStandardHelpOptions = true)
  static final class Info extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      String after = null;
      boolean first = true;
      do {
        GroupInfoPage page =
            ClientCommands.await(client.groupInfo(conv, after, PAGE), timeoutSeconds);
        if (first) {
          out.println(
              "\""
                  + page.title()
                  + "\" — "
                  + page.size()
                  + (page.size() == 1 ? " member" : " members"));
          first = false;
        }
        for (GroupMember m : page.members()) {
          out.println(
              "  "
                  + (m.handle() == null ? m.userId() : m.handle())
                  + (m.admin() ? " (admin)" : ""));
        }
        after = page.next();
      } while (after != null);
    }
  }

  @Command(
      name = "rename",
      description = "Rename a group (admins).",
      mixinStandardHelpOptions = true)
  static final class Rename extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Parameters(index = "1", paramLabel = "TITLE")
    String title;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      ClientCommands.await(client.renameGroup(conv, title), timeoutSeconds);
      out.println("renamed to \"" + title + "\"");
    }
  }

  @Command(
      name = "admin",
      description = "Make a member an admin, or with --dismiss no longer one (admins).",
      mixinStandardHelpOptions = true)
  static final class Admin extends GroupSubcommand {
    @Parameters(index = "0", paramLabel = "CONV")
    String conv;

    @Parameters(index = "1", paramLabel = "HANDLE")
    String handle;

    @Option(names = "--dismiss", description = "Take the admin role away instead.")
    boolean dismiss;

    @Override
    void run(ParleyClient client, PrintWriter out) throws Exception {
      ClientCommands.await(
          client.setAdmin(conv, memberId(client, conv, handle), !dismiss), timeoutSeconds);
      out.println(handle + (dismiss ? " is no longer an admin" : " is now an admin"));
    }
  }

  private GroupCommand() {}
}
