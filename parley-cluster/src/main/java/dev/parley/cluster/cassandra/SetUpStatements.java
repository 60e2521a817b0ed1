package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Set-up statements (schema changes, the epoch) run the way a loaded machine needs. A node starts
 * beside a Cassandra that is still compacting, on a laptop or a shared CI runner where a schema
 * change can take tens of seconds; the driver's 2 s request timeout is right for a user's read or
 * write, not for this. So each set-up statement gets {@link #STATEMENT_TIMEOUT}, is tried again
 * after a timeout or an unreachable or overloaded coordinator (every one is idempotent: {@code IF
 * NOT EXISTS}, a read), and the next one waits until every node agrees on the schema. Waiting for
 * agreement before a retry also keeps a retried {@code CREATE TABLE} from racing the first attempt
 * on another coordinator, which could give the table two ids.
 *
 * <p>Normal requests keep the driver's timeout: only these statements and the driver's own set-up
 * work ({@link #withSetUpTimeouts}) wait longer.
 */
public final class SetUpStatements {
  /** One set-up statement, including the driver's wait for agreement after a schema change. */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  /** How long the nodes may take to agree on the schema once a change is acknowledged. */
  static final Duration AGREEMENT_TIMEOUT = Duration.ofSeconds(60);

  /** Attempts per statement: a loaded machine recovers within one or two more. */
  static final int ATTEMPTS = 3;

  private static final Duration PAUSE = Duration.ofSeconds(1);

  /** How long the driver waits for more schema changes before it refreshes its metadata. */
  static final Duration SCHEMA_REFRESH_WINDOW = Duration.ofMillis(50);

  private final CqlSession session;

  public SetUpStatements(CqlSession session) {
    this.session = session;
  }

  /**
   * The driver options of a node's session for its own set-up work, none of which is a user
   * request: the wait for schema agreement after a change (within {@link #STATEMENT_TIMEOUT}, which
   * covers it), the schema metadata it reads after each change, and the control connection's and a
   * new connection's first queries. The request timeout of reads and writes is left alone.
   *
   * <p>A schema change returns only once the driver has refreshed its schema metadata, and it waits
   * {@link #SCHEMA_REFRESH_WINDOW} for more changes to refresh for them together. The driver's 1 s
   * suits a stream of changes from elsewhere; the keyspace's ~20 changes, one after another, made a
   * first node start (and every test keyspace) take ~25 s longer.
   */
  public static ProgrammaticDriverConfigLoaderBuilder withSetUpTimeouts(
      ProgrammaticDriverConfigLoaderBuilder config) {
    return config
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, SCHEMA_REFRESH_WINDOW)
        .withDuration(
            DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(20))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(20));
  }

  /** Runs an idempotent set-up statement, retried as the class doc says. */
  public ResultSet execute(SimpleStatement statement) {
    SimpleStatement withTimeout = statement.setTimeout(STATEMENT_TIMEOUT);
    return retried(
        () -> {
          ResultSet result = session.execute(withTimeout);
          if (!result.getExecutionInfo().isSchemaInAgreement()) {
            awaitAgreement();
          }
          return result;
        },
        () -> {
          pause();
          awaitAgreementQuietly();
        });
  }

  /** Runs an idempotent set-up statement given as CQL text. */
  public ResultSet execute(String cql) {
    return execute(SimpleStatement.newInstance(cql));
  }

  /**
   * Calls {@code call} up to {@link #ATTEMPTS} times while it fails in a way another try can cure
   * (a timeout, no coordinator, a coordinator's error); {@code beforeRetry} runs between tries.
   */
  static <T> T retried(Supplier<T> call, Runnable beforeRetry) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (DriverTimeoutException | AllNodesFailedException | QueryExecutionException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        beforeRetry.run();
      }
    }
  }

  /** Waits until every live node reports the same schema version, or fails. */
  void awaitAgreement() {
    long deadline = System.nanoTime() + AGREEMENT_TIMEOUT.toNanos();
    while (!agrees()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Cassandra nodes did not agree on the schema within " + AGREEMENT_TIMEOUT);
      }
      pause();
    }
  }

  private void awaitAgreementQuietly() {
    try {
      awaitAgreement();
    } catch (IllegalStateException e) {
      // The retry will time out or fail on its own; its error says more than this one.
    }
  }

  private boolean agrees() {
    try {
      return session.checkSchemaAgreement();
    } catch (RuntimeException e) {
      return false; // the control connection is as busy as the rest: ask again
    }
  }

  /** The pause between two attempts. */
  static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during Cassandra set-up", e);
    }
  }
}
