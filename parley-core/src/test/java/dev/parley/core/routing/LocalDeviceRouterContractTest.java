package dev.parley.core.routing;

class LocalDeviceRouterContractTest extends DeviceRouterContract {
  private final LocalDeviceRouter router = new LocalDeviceRouter();

  @Override
  protected DeviceRouter router() {
    return router;
  }
}
