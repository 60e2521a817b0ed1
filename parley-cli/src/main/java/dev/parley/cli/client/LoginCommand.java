package dev.parley.cli.client;

import dev.parley.client.ParleyAccounts;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley login --server URL <handle> [--device NAME]}: logs in and saves the device in the
 * profile.
 */
@Command(
    name = "login",
    description = "Log in; this terminal becomes a device of your account.",
    mixinStandardHelpOptions = true)
public final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ProfileOption profile;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "Server, e.g. http://localhost:7070")
  URI server;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      description = "Device name shown in your device list.")
  String device = "terminal";

  @Option(names = "--password", description = "Password; prompted for when absent.")
  String password;

  @Parameters(paramLabel = "HANDLE")
  String handle;

  @Override
  public Integer call() {
    return ClientCommands.run(
        spec,
        () -> {
          ParleyAccounts.Session session =
              ParleyAccounts.at(server).login(handle, PasswordSource.resolve(password), device);
          Profile saved =
              new Profile(
                  profile.resolve(),
                  server,
                  session.userId(),
                  session.handle(),
                  session.deviceId(),
                  session.token());
          saved.save();
          spec.commandLine()
              .getOut()
              .printf(
                  "logged in as %s, device %s (profile %s)%n",
                  session.handle(), session.deviceId(), saved.dir());
          return 0;
        });
  }
}
