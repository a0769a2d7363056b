package dev.carriage.node;

import dev.carriage.node.serve.ServingHours;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a node is told by its operator, with the bounds the daemon keeps. Rates are bytes
 * per second, 0 meaning no cap; the disk quota is bytes of held pieces, 0 meaning none.
 */
public record NodeSettings(
    Path dataDirectory,
    URI storeUrl,
    String listenHost,
    int listenPort,
    String advertisedHost,
    String name,
    String region,
    boolean origin,
    long uploadCapBytesPerSecond,
    long connectionUploadCapBytesPerSecond,
    long diskQuotaBytes,
    ServingHours servingHours,
    Duration heartbeatInterval,
    int connectionsMax,
    int requestsQueuedMax) {

  public NodeSettings {
    if (uploadCapBytesPerSecond < 0 || connectionUploadCapBytesPerSecond < 0 || diskQuotaBytes < 0) {
      throw new IllegalArgumentException("caps and quota cannot be negative");
    }
    if (connectionsMax < 1 || connectionsMax > 10_000) {
      throw new IllegalArgumentException("connections max: " + connectionsMax + " (expected: 1 to 10000)");
    }
    if (requestsQueuedMax < 1 || requestsQueuedMax > 1024) {
      throw new IllegalArgumentException("requests queued max: " + requestsQueuedMax + " (expected: 1 to 1024)");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port: " + listenPort);
    }
  }

  /** Defaults for a carrier on this machine: no caps, no quota, always serving, an ephemeral port. */
  public static NodeSettings defaults(Path dataDirectory, URI storeUrl) {
    return new NodeSettings(dataDirectory, storeUrl, "127.0.0.1", 0, "127.0.0.1", "carrier", "local", false, 0, 0, 0,
        ServingHours.ALWAYS, Duration.ofSeconds(10), 512, 64);
  }

  public NodeSettings withOrigin(boolean origin) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, servingHours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withCaps(long totalBytesPerSecond, long perConnectionBytesPerSecond) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
        totalBytesPerSecond, perConnectionBytesPerSecond, diskQuotaBytes, servingHours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withHeartbeatInterval(Duration interval) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, servingHours, interval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withServingHours(ServingHours hours) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, hours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withDiskQuota(long bytes) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, bytes, servingHours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withListen(String host, int port, String advertised) {
    return new NodeSettings(dataDirectory, storeUrl, host, port, advertised, name, region, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, servingHours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }

  public NodeSettings withName(String newName, String newRegion) {
    return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, newName, newRegion, origin,
        uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, servingHours, heartbeatInterval, connectionsMax,
        requestsQueuedMax);
  }
}
