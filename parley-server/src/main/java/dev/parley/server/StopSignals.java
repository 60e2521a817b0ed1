package dev.parley.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a request to stop, handled by the caller (which closes the server
 * and exits with 0), instead of the JVM's default of running shutdown hooks and exiting with 143: a
 * graceful stop is a success, and process supervisors read the exit code.
 */
public final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /**
   * Calls {@code stop} (on a signal thread) when the process gets SIGTERM or SIGINT. Returns false
   * if this platform does not let the signals be handled; shutdown hooks remain the fallback.
   */
  public static boolean onStop(Runnable stop) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        Signal.handle(new Signal(name), s -> stop.run());
      }
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("cannot handle stop signals here: {}", e.toString());
      return false;
    }
  }
}
