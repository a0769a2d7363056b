package dev.carriage.node.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK's small HTTP server, as the node's local endpoints (player, metrics) use it. */
public final class LocalHttp {

  static {
    // Without it the JDK's server leaves Nagle's algorithm on: a response's last small segment
    // waits for the player's delayed acknowledgement (up to 40 ms) before it goes, at every range
    // a player asks for in turn. Read once, when the JDK's server is first used, so set here.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LocalHttp() {}

  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    return HttpServer.create(address, backlog);
  }
}
