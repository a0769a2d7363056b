package dev.carriage.store.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on a private link-layer network, each in its own Linux network namespace with its own
 * address and its own capped link, so processes that would all share loopback instead meet the
 * limits real users' lines impose. Needs root (or CAP_NET_ADMIN) and {@code ip}, {@code tc},
 * {@code ethtool} and {@code nft}.
 *
 * <p>A bridge in the benchmark's own namespace holds {@link #BRIDGE_ADDRESS}, where the store and
 * the tracker listen. Each host is a namespace joined to it by a veth pair: its upload is capped
 * by a token bucket on its own end, its download by one on the bridge's end. Offloads are off on
 * both ends so the kernel handles real segments. An nftables rule on the bridge counts what
 * leaves each host from its serving port, which is what a carrier uploads to clients.
 */
final class NamespaceTestbed implements AutoCloseable {

  static final String BRIDGE = "cgbr0";
  static final String BRIDGE_ADDRESS = "10.88.0.1";
  private static final String PREFIX = "cg-";

  /** One host: its namespace, its address, and the bridge's end of its link. */
  record Host(String name, String namespace, String address, String bridgeEnd) {}

  private int hosts;

  NamespaceTestbed() throws IOException, InterruptedException {
    close(); // what a killed run left behind
    run("ip", "link", "add", BRIDGE, "type", "bridge");
    run("ip", "addr", "add", BRIDGE_ADDRESS + "/16", "dev", BRIDGE);
    run("ip", "link", "set", BRIDGE, "up");
  }

  /** Adds a host named {@code name} (letters, digits and dashes, at most 12), its link not yet capped. */
  Host add(String name) throws IOException, InterruptedException {
    int index = hosts++ + 2;
    String namespace = PREFIX + name;
    String address = "10.88." + (index / 250) + "." + (index % 250 + 2);
    String bridgeEnd = "cgv" + index;
    run("ip", "netns", "add", namespace);
    run("ip", "link", "add", bridgeEnd, "type", "veth", "peer", "name", "eth0", "netns", namespace);
    run("ip", "link", "set", bridgeEnd, "master", BRIDGE, "up");
    inside(namespace, "ip", "link", "set", "lo", "up");
    inside(namespace, "ip", "addr", "add", address + "/16", "dev", "eth0");
    inside(namespace, "ip", "link", "set", "eth0", "up");
    inside(namespace, "ethtool", "-K", "eth0", "tso", "off", "gso", "off", "gro", "off");
    run("ethtool", "-K", bridgeEnd, "tso", "off", "gso", "off", "gro", "off");
    return new Host(name, namespace, address, bridgeEnd);
  }

  /** Caps the host's upload (on its end of the link) and download (on the bridge's end), in bytes per second. */
  void cap(Host host, long uploadBytesPerSecond, long downloadBytesPerSecond) throws IOException, InterruptedException {
    inside(host.namespace(), tokenBucket("eth0", uploadBytesPerSecond));
    run(tokenBucket(host.bridgeEnd(), downloadBytesPerSecond));
  }

  /** A token bucket at this rate, with a burst of about 20 ms and at most 200 ms queued, as a home line's modem would. */
  private static String[] tokenBucket(String device, long bytesPerSecond) {
    long burst = Math.max(16 * 1024, bytesPerSecond / 50);
    return new String[] {"tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", (bytesPerSecond * 8) + "bit", "burst",
        Long.toString(burst), "latency", "200ms"};
  }

  /** The command, run in the host's namespace. */
  static List<String> in(Host host, List<String> command) {
    return inNamespace(host.namespace(), command);
  }

  private static List<String> inNamespace(String namespace, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Starts counting the TCP segments that leave the host from {@code port}, as the bridge
   * forwards them: what crossed the host's capped link, not what its kernel queued (a segment the
   * token bucket dropped and TCP sent again is counted once per time it got through).
   */
  void countUploadsFrom(Host host, int port) throws IOException, InterruptedException {
    if (!countingTable) {
      run("nft", "add", "table", "bridge", COUNTERS);
      run("nft", "add", "chain", "bridge", COUNTERS, "forward", "{ type filter hook forward priority 0 ; }");
      countingTable = true;
    }
    run("nft", "add", "rule", "bridge", COUNTERS, "forward", "iifname", host.bridgeEnd(), "tcp", "sport", Integer.toString(port), "counter");
  }

  private static final String COUNTERS = "carriage_bench";
  private boolean countingTable;

  /** IP bytes and packets counted so far for a host's serving port. */
  record Counted(long packets, long bytes) {
    /** TCP payload: the IP and TCP headers (20 + 32 bytes with timestamps) taken off every segment. */
    long payloadBytes() {
      return bytes - packets * (20 + 32);
    }
  }

  Counted uploadsCounted(Host host) throws IOException, InterruptedException {
    String table = output(List.of("nft", "list", "table", "bridge", COUNTERS));
    java.util.regex.Matcher rule = java.util.regex.Pattern
        .compile("iifname \"" + host.bridgeEnd() + "\" tcp sport [0-9]+ counter packets ([0-9]+) bytes ([0-9]+)").matcher(table);
    if (!rule.find()) {
      throw new IllegalStateException("no upload counter for " + host.name() + ":\n" + table);
    }
    return new Counted(Long.parseLong(rule.group(1)), Long.parseLong(rule.group(2)));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String namespaces = output(List.of("ip", "netns", "list"));
    for (String line : namespaces.split("\n")) {
      String namespace = line.split(" ")[0];
      if (namespace.startsWith(PREFIX)) {
        // A process left in a namespace would keep it, and its link, alive after the name is gone.
        for (String pid : output(List.of("ip", "netns", "pids", namespace)).split("\\s+")) {
          if (!pid.isBlank()) {
            quietly("kill", "-9", pid.trim());
          }
        }
        quietly("ip", "netns", "del", namespace);
      }
    }
    for (String line : output(List.of("ip", "-o", "link", "show")).split("\n")) {
      java.util.regex.Matcher link = java.util.regex.Pattern.compile("^[0-9]+: (cgv[0-9]+)@").matcher(line);
      if (link.find()) {
        quietly("ip", "link", "del", link.group(1));
      }
    }
    quietly("ip", "link", "del", BRIDGE);
    quietly("nft", "delete", "table", "bridge", COUNTERS);
    countingTable = false;
    hosts = 0;
  }

  private static void inside(String namespace, String... command) throws IOException, InterruptedException {
    run(inNamespace(namespace, List.of(command)).toArray(String[]::new));
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + said.trim());
    }
  }

  private static void quietly(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException ignored) {
      // Cleaning up what may not exist.
    }
  }

  static String output(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return said;
  }

}
