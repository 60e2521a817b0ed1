package dev.parley.core.account;

/** The contract holds for the in-memory store the account unit tests use. */
class MemoryAccountStoreContractTest extends AccountStoreContract {
  private final MemoryAccountStore store = new MemoryAccountStore();

  @Override
  protected AccountStore store() {
    return store;
  }
}
