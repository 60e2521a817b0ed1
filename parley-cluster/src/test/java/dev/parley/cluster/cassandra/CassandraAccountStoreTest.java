package dev.parley.cluster.cassandra;

import dev.parley.core.account.AccountStore;
import dev.parley.core.account.AccountStoreContract;
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
    keyspace.truncate(ACCOUNT_TABLES);
  }

  @Override
  protected AccountStore store() {
    return store;
  }
}
