package dev.parley.server.push;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley push-gateway}: the reference gateway, for trying push notifications locally. */
@Command(
    name = "push-gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a development push gateway that takes Parley's notifications and forwards nothing.",
      "Point a server at it: parley server --push-gateways dev=http://127.0.0.1:7090/push"
    })
public final class PushGatewayCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String host;

  @Option(names = "--port", defaultValue = "7090", description = "Port to listen on.")
  int port;

  @Option(names = "--print", description = "Print each notification received, one JSON line.")
  boolean print;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (ReferencePushGateway gateway =
        ReferencePushGateway.start(
            host,
            port,
            n -> {
              if (print) {
                System.out.println(n.toString());
              }
            })) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.err.println("push gateway listening on " + gateway.url());
      stopped.await();
    }
    return 0;
  }
}
