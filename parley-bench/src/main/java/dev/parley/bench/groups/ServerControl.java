package dev.parley.bench.groups;

import dev.parley.bench.target.Accounts;
import dev.parley.bench.target.ServerTarget;
import java.nio.file.Path;

/**
 * A server the bench may stop and start again on the same data directory, so that its store can be
 * measured while nothing holds it open.
 */
interface ServerControl {

  /** Starts the server (again). */
  Running start() throws Exception;

  /** Stops it; its store is closed when this returns. */
  void stop() throws Exception;

  Path dataDir() throws Exception;

  /** A started server and the accounts to log in with. */
  record Running(ServerTarget target, Accounts accounts) {}
}
