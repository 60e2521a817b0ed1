package dev.parley.cli.client;

import dev.parley.client.ParleyAccounts;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley register --server URL <handle>}: creates an account. */
@Command(
    name = "register",
    description = "Create an account on a Parley server.",
    mixinStandardHelpOptions = true)
public final class RegisterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "Server, e.g. http://localhost:7070")
  URI server;

  @Option(
      names = "--password",
      description = "Password (8-1024 characters); prompted for when absent.")
  String password;

  @Parameters(paramLabel = "HANDLE", description = "3-32 of a-z 0-9 _ . starting with a letter")
  String handle;

  @Override
  public Integer call() {
    return ClientCommands.run(
        spec,
        () -> {
          ParleyAccounts.Account account =
              ParleyAccounts.at(server).register(handle, PasswordSource.resolve(password));
          spec.commandLine()
              .getOut()
              .printf(
                  "registered %s (%s); now run: parley login --server %s %s%n",
                  account.handle(), account.userId(), server, account.handle());
          return 0;
        });
  }
}
