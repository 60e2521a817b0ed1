package dev.parley.core.presence;

class LocalPresenceStoreContractTest extends PresenceStoreContract {
  private final LocalPresenceStore store = new LocalPresenceStore();

  @Override
  protected PresenceStore store() {
    return store;
  }
}
