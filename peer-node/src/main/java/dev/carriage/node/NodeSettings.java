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
    int connectionsPerAddressMax,
    Duration handshakeDeadline,
    int requestsQueuedMax,
    boolean fill) {

  public NodeSettings {
    if (uploadCapBytesPerSecond < 0 || connectionUploadCapBytesPerSecond < 0 || diskQuotaBytes < 0) {
      throw new IllegalArgumentException("caps and quota cannot be negative");
    }
    if (connectionsMax < 1 || connectionsMax > 10_000) {
      throw new IllegalArgumentException("connections max: " + connectionsMax + " (expected: 1 to 10000)");
    }
    if (connectionsPerAddressMax < 1 || connectionsPerAddressMax > connectionsMax) {
      throw new IllegalArgumentException("connections per address max: " + connectionsPerAddressMax + " (expected: 1 to " + connectionsMax + ")");
    }
    if (handshakeDeadline.isNegative() || handshakeDeadline.isZero() || handshakeDeadline.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("handshake deadline: " + handshakeDeadline + " (expected: more than 0, at most 1 minute)");
    }
    if (requestsQueuedMax < 1 || requestsQueuedMax > 1024) {
      throw new IllegalArgumentException("requests queued max: " + requestsQueuedMax + " (expected: 1 to 1024)");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port: " + listenPort);
    }
  }

  /** Starts from the defaults for a carrier on this machine: no caps, no quota, always serving, an ephemeral port. */
  public static Builder builder(Path dataDirectory, URI storeUrl) {
    return new Builder(dataDirectory, storeUrl);
  }

  public static NodeSettings defaults(Path dataDirectory, URI storeUrl) {
    return builder(dataDirectory, storeUrl).build();
  }

  /** Settings one at a time; {@link #build} checks them all. */
  public static final class Builder {
    private final Path dataDirectory;
    private final URI storeUrl;
    private String listenHost = "127.0.0.1";
    private int listenPort;
    private String advertisedHost = "127.0.0.1";
    private String name = "carrier";
    private String region = "local";
    private boolean origin;
    private long uploadCapBytesPerSecond;
    private long connectionUploadCapBytesPerSecond;
    private long diskQuotaBytes;
    private ServingHours servingHours = ServingHours.ALWAYS;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private int connectionsMax = 512;
    /** Enough for a household behind one NAT address; a flood from one address gets no more. */
    private int connectionsPerAddressMax = 16;
    /** Time for a client's handshake to arrive after it connects: a round trip and a signature, with room for slow links. */
    private Duration handshakeDeadline = Duration.ofSeconds(5);
    private int requestsQueuedMax = 64;
    private boolean fill = true;

    private Builder(Path dataDirectory, URI storeUrl) {
      this.dataDirectory = dataDirectory;
      this.storeUrl = storeUrl;
    }

    public Builder name(String name, String region) {
      this.name = name;
      this.region = region;
      return this;
    }

    public Builder origin(boolean origin) {
      this.origin = origin;
      return this;
    }

    public Builder listen(String host, int port, String advertisedHost) {
      this.listenHost = host;
      this.listenPort = port;
      this.advertisedHost = advertisedHost;
      return this;
    }

    /** Upload caps in bytes per second, all connections together and each one; 0 = none. */
    public Builder caps(long totalBytesPerSecond, long perConnectionBytesPerSecond) {
      this.uploadCapBytesPerSecond = totalBytesPerSecond;
      this.connectionUploadCapBytesPerSecond = perConnectionBytesPerSecond;
      return this;
    }

    public Builder diskQuota(long bytes) {
      this.diskQuotaBytes = bytes;
      return this;
    }

    public Builder servingHours(ServingHours hours) {
      this.servingHours = hours;
      return this;
    }

    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /** How many connections the carrier holds, in total and from one remote address. */
    public Builder connections(int totalMax, int perAddressMax) {
      this.connectionsMax = totalMax;
      this.connectionsPerAddressMax = perAddressMax;
      return this;
    }

    public Builder handshakeDeadline(Duration deadline) {
      this.handshakeDeadline = deadline;
      return this;
    }

    /** Whether the carrier asks the coordinator for titles to cache (never the origin, which holds everything). */
    public Builder fill(boolean fill) {
      this.fill = fill;
      return this;
    }

    public NodeSettings build() {
      return new NodeSettings(dataDirectory, storeUrl, listenHost, listenPort, advertisedHost, name, region, origin,
          uploadCapBytesPerSecond, connectionUploadCapBytesPerSecond, diskQuotaBytes, servingHours, heartbeatInterval, connectionsMax,
          connectionsPerAddressMax, handshakeDeadline, requestsQueuedMax, fill && !origin);
    }
  }
}
