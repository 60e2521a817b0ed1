package dev.parley.bench.relay;

import dev.parley.bench.target.ChildJvm;
import dev.parley.bench.target.ServerTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts the relay ceiling as a child JVM, measured like the server. */
public final class RelayProcess {
  private RelayProcess() {}

  public static ChildJvm start(List<String> jvmArgs) throws IOException, InterruptedException {
    Path log = Files.createTempFile("parley-relay", ".log");
    return ChildJvm.start(RelayMain.class.getName(), jvmArgs, List.of("{port}"), "/healthz", log);
  }

  public static ServerTarget target(ChildJvm relay) {
    return new ServerTarget(relay.httpUri(), relay.pid());
  }
}
