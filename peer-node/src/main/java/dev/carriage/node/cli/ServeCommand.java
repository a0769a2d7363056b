package dev.carriage.node.cli;

import dev.carriage.node.NodeDaemon;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.serve.ServingHours;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run this machine as a carrier (or, with --origin, as the store's origin).")
final class ServeCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();
  @Mixin DataOption data = new DataOption();

  @Option(names = "--origin", description = "Serve as the store's origin (enrolling needs an admin account).")
  boolean origin;

  @Option(names = "--listen", defaultValue = "0.0.0.0:0", description = "Address and port to listen on (default: any free port, printed at start, so it never collides with a local origin on 7070; give a fixed one to forward it through a router).")
  String listen;

  @Option(names = "--advertise", defaultValue = "127.0.0.1", description = "The address clients should connect to (default: ${DEFAULT-VALUE}).")
  String advertise;

  @Option(names = "--name", defaultValue = "${env:HOSTNAME:-carrier}", description = "A name for this node.")
  String name;

  @Option(names = "--region", defaultValue = "local", description = "Where this node is, for nearby clients (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--upload-cap", defaultValue = "0", description = "Total upload cap, e.g. 2MB/s; 0 = none.")
  String uploadCap;

  @Option(names = "--connection-cap", defaultValue = "0", description = "Upload cap per connection, e.g. 500KB/s; 0 = none.")
  String connectionCap;

  @Option(names = "--disk-quota", defaultValue = "0", description = "Most disk for pieces, e.g. 20GB; 0 = none. Least recently used titles go first.")
  String diskQuota;

  @Option(names = "--hours", defaultValue = "", description = "When serving is allowed, e.g. 22:00-07:00; empty = always.")
  String hours;

  @Option(names = "--no-fill", description = "Serve only what is already here; do not fetch titles the grid asks this carrier to cache.")
  boolean noFill;

  @Option(names = "--metrics", description = "Serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9108); off by default.")
  String metrics;

  @Option(names = "--heartbeat", defaultValue = "PT10S", description = "How often to report to the store (default: ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Override
  public Integer call() throws Exception {
    String[] hostPort = listen.split(":");
    NodeSettings settings = NodeSettings.builder(data.directory, store.store)
        .name(name, region)
        .origin(origin)
        .listen(hostPort[0], Integer.parseInt(hostPort[1]), advertise)
        .caps(Sizes.parse(uploadCap), Sizes.parse(connectionCap))
        .diskQuota(Sizes.parse(diskQuota))
        .servingHours(ServingHours.parse(hours))
        .heartbeatInterval(heartbeat)
        .fill(!noFill)
        .build();
    NodeDaemon daemon = NodeDaemon.start(settings, store::login);
    dev.carriage.node.serve.MetricsEndpoint metricsEndpoint = null;
    if (metrics != null && !metrics.isBlank()) {
      int colon = metrics.lastIndexOf(':');
      if (colon < 1 || !metrics.substring(colon + 1).matches("[0-9]{1,5}") || Integer.parseInt(metrics.substring(colon + 1)) > 65535) {
        daemon.close();
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--metrics: expected HOST:PORT, not " + metrics);
      }
      metricsEndpoint = dev.carriage.node.serve.MetricsEndpoint.start(daemon, metrics.substring(0, colon),
          Integer.parseInt(metrics.substring(colon + 1)));
      System.out.printf("peer-node metrics at http://%s:%d/metrics%n", metrics.substring(0, colon), metricsEndpoint.port());
    }
    dev.carriage.node.serve.MetricsEndpoint endpoint = metricsEndpoint;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (endpoint != null) {
        endpoint.close();
      }
      try {
        daemon.close();
      } catch (Exception ignored) {
        // Exiting anyway.
      }
      stopped.countDown();
    }));
    System.out.printf("peer-node %s: node %s listening on %s:%d, %d titles held, upload cap %s, hours %s%n",
        origin ? "origin" : "carrier", daemon.nodeId(), advertise, daemon.port(), daemon.store().titles().size(),
        uploadCap.equals("0") ? "none" : uploadCap, settings.servingHours());
    stopped.await();
    return 0;
  }
}
