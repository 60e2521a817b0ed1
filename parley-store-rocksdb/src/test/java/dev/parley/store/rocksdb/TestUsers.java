package dev.parley.store.rocksdb;

import dev.parley.core.account.UserAccount;
import java.util.List;

/** Registers the users the contract suites talk about. */
final class TestUsers {
  private TestUsers() {}

  static void register(RocksStore store, List<String> ids) {
    for (String id : ids) {
      store.accountStore().createUser(new UserAccount(id, "h" + id, "hash", 1));
    }
  }
}
