package dev.carriage.node.serve;

import com.sun.net.httpserver.HttpServer;
import dev.carriage.node.net.LocalHttp;
import dev.carriage.node.NodeDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * {@code peer-node serve --metrics HOST:PORT}: the carrier's own Prometheus metrics at
 * {@code /metrics}, on a plain JDK HTTP server with one thread of its own, never on the grid's
 * event loops. Bytes and blocks served, open connections, refused handshakes by reason, disk
 * used and its limit, and receipts held for the store.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  public static MetricsEndpoint start(NodeDaemon daemon, String host, int port) throws IOException {
    HttpServer server = LocalHttp.create(new InetSocketAddress(host, port), 16);
    server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "metrics");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/metrics", exchange -> {
      byte[] body = render(daemon).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new MetricsEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The Prometheus text format, one family at a time. */
  static String render(NodeDaemon daemon) {
    ServeStats stats = daemon.server().stats();
    StringBuilder out = new StringBuilder();
    family(out, "carriage_node_bytes_served_total", "counter", "Bytes of pieces sent to clients");
    out.append("carriage_node_bytes_served_total ").append(stats.bytesServed()).append('\n');
    family(out, "carriage_node_pieces_served_total", "counter", "Blocks of pieces sent to clients");
    out.append("carriage_node_pieces_served_total ").append(stats.blocksServed()).append('\n');
    family(out, "carriage_node_connections", "gauge", "Client connections open now");
    out.append("carriage_node_connections ").append(stats.activeConnections()).append('\n');
    family(out, "carriage_node_handshakes_refused_total", "counter", "Connections refused before or at their handshake, by reason");
    Map<String, Long> refused = stats.refusedByReason();
    if (refused.isEmpty()) {
      out.append("carriage_node_handshakes_refused_total{reason=\"ticket_invalid\"} 0\n");
    }
    refused.forEach((reason, count) -> out.append("carriage_node_handshakes_refused_total{reason=\"").append(reason.toLowerCase(Locale.ROOT))
        .append("\"} ").append(count).append('\n'));
    family(out, "carriage_node_disk_used_bytes", "gauge", "Bytes of pieces held on disk");
    out.append("carriage_node_disk_used_bytes ").append(daemon.store().heldBytes()).append('\n');
    family(out, "carriage_node_disk_limit_bytes", "gauge", "The disk quota for pieces; 0 when none is set");
    out.append("carriage_node_disk_limit_bytes ").append(daemon.settings().diskQuotaBytes()).append('\n');
    family(out, "carriage_node_receipts_held", "gauge", "Signed receipts held for the store, not yet accepted by it");
    out.append("carriage_node_receipts_held ").append(daemon.server().receipts().held()).append('\n');
    family(out, "carriage_node_titles_held", "gauge", "Titles this node holds pieces of");
    out.append("carriage_node_titles_held ").append(daemon.store().titles().size()).append('\n');
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
