package dev.parley.cluster.cassandra;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.parley.core.account.AccountStore;
import dev.parley.core.account.AccountStoreContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

class CassandraAccountStoreTest extends AccountStoreContract {
  private static final List<String> ACCOUNT_TABLES =
      List.of("users_by_handle", "users", "devices", "devices_by_token", "settings");
  private static TestKeyspace keyspace;
  private static CassandraAccountStore store;

  @BeforeAll
  static void createKeyspace() {
    keyspace = TestKeyspace.create();
    store = new CassandraAccountStore(keyspace.session(), keyspace.name());
  }

  @AfterAll
  static void closeSession() {
    keyspace.close();
  }

  /**
   * The contract wants a fresh store per test; emptying the tables is cheaper than a keyspace each.
   */
  @BeforeEach
  void emptyTables() {
    for (String table : ACCOUNT_TABLES) {
      keyspace
          .session()
          .execute(
              SimpleStatement.builder("TRUNCATE " + keyspace.name() + "." + table)
                  .setTimeout(Duration.ofSeconds(30))
                  .build());
    }
  }

  @Override
  protected AccountStore store() {
    return store;
  }
}
