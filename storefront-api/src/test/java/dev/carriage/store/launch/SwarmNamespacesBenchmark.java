package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.support.GridLab;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flash crowd as users would meet it: the packaged store; the real {@code peer-node serve}
 * processes of the origin and of carriers that filled their caches through the store; and
 * downloaders that all start at once, each a cold {@code peer-node get --seed} process serving
 * what it has verified to the others, with the store's own peer lists (at most 8 carriers plus
 * the origin) and receipts signed and submitted. Every host is its own network namespace with a
 * token-bucket cap on its link ({@link NamespaceTestbed}). Then, under the same caps in the same
 * run, an aria2c BitTorrent swarm (the origin and carriers seeding, the downloaders leeching and
 * seeding as they go) with opentracker.
 *
 * <p>Both are compared with the Kumar–Ross lower bound on the time to serve N downloaders a file
 * of F bytes: {@code max(F / u_seeds, F / d_min, N·F / (u_seeds + Σ u_downloaders))}. The store's
 * credit for each node is compared with what the kernel counted leaving that node's serving port
 * (TCP payload: IP and TCP headers taken off each segment). Not a test (outside failsafe's
 * patterns); {@code ops/bench/swarm} runs it, as root.
 */
class SwarmNamespacesBenchmark {

  private static final int SIZE_MIB = Integer.getInteger("bench.size-mib", 64);
  private static final int CARRIERS = Integer.getInteger("bench.carriers", 4);
  private static final int DOWNLOADERS = Integer.getInteger("bench.downloaders", 8);
  /** Caps in bytes per second (10^6 per MB). */
  private static final long ORIGIN_UP = mb(System.getProperty("bench.origin-mb-s", "2"));
  private static final long CARRIER_UP = mb(System.getProperty("bench.carrier-mb-s", "1"));
  private static final long DOWNLOADER_UP = mb(System.getProperty("bench.downloader-up-mb-s", "0.5"));
  private static final long DOWNLOADER_DOWN = mb(System.getProperty("bench.downloader-down-mb-s", "4"));
  private static final long UNCAPPED_DOWN = mb("100");
  private static final int SERVE_PORT = 7000;
  private static final int BT_PORT = 6881;
  private static final int TRACKER_PORT = 6969;
  private static final Path LOGS = Path.of("target", "swarm-bench").toAbsolutePath();
  private static final Path LAUNCHER = BenchNodes.LAUNCHER;
  private static final Duration CROWD_LIMIT = Duration.ofMinutes(10);

  @TempDir Path home;

  private static long mb(String megabytesPerSecond) {
    return (long) (Double.parseDouble(megabytesPerSecond) * 1e6);
  }

  /** A node of the crowd: its host, and the account its node runs as. */
  private record Node(NamespaceTestbed.Host host, String email) {}

  @Test
  void flashCrowd_inNetworkNamespaces_nextToABitTorrentSwarm() throws Exception {
    Files.createDirectories(LOGS);
    List<Process> running = new ArrayList<>();
    try (NamespaceTestbed testbed = new NamespaceTestbed();
        StoreProcess store = StoreProcess.start(Map.of("CARRIAGE_HOME", home.resolve("store").toString(), "CARRIAGE_DEMO_ENABLED", "true",
            "QUARKUS_HTTP_HOST", "0.0.0.0"), LOGS.resolve("store.log"))) {
      String local = store.baseUri();
      String fromHosts = local.replace("127.0.0.1", NamespaceTestbed.BRIDGE_ADDRESS);
      String admin = BenchStore.login(local, BenchStore.ADMIN);
      String titleId = BenchStore.newTitle(local, "Swarm benchmark title", (long) SIZE_MIB << 20);
      Path media = GridLab.randomMedia(Files.createDirectories(home.resolve("media")), SIZE_MIB << 20, 11);
      Path originData = home.resolve("origin");
      await(start(List.of(LAUNCHER.toString(), "publish", media.toString(), "--title", titleId, "--store", local, "--data",
          originData.toString(), "--email", BenchStore.PUBLISHER, "--password", BenchStore.PASSWORD), "publish", running), "Published");
      long storedBytes = Files.size(originData.resolve("titles").resolve(titleId).resolve("content.bin"));

      Node origin = new Node(testbed.add("origin"), BenchStore.ADMIN);
      List<Node> carriers = new ArrayList<>();
      List<Node> downloaders = new ArrayList<>();
      for (int i = 0; i < CARRIERS; i++) {
        carriers.add(new Node(testbed.add("carrier" + i), "swarm-carrier-" + i + "@bench.local"));
      }
      for (int i = 0; i < DOWNLOADERS; i++) {
        downloaders.add(new Node(testbed.add("down" + i), "swarm-downloader-" + i + "@bench.local"));
      }
      for (Node node : concat(carriers, downloaders)) {
        BenchStore.register(local, node.email());
        BenchStore.grantCarrier(local, admin, node.email());
      }
      downloaders.forEach(node -> BenchStore.buy(local, node.email(), titleId));

      // The origin and the carriers, which fill their caches through the store before any cap is set.
      await(start(serve(origin, fromHosts, originData, "--origin"), "origin", running), "listening on");
      given().baseUri(local).auth().oauth2(BenchStore.login(local, BenchStore.PUBLISHER)).contentType(ContentType.JSON)
          .body(Map.of("target", CARRIERS)).put("/api/grid/titles/" + titleId + "/replicas").then().statusCode(200);
      for (Node carrier : carriers) {
        await(start(serve(carrier, fromHosts, home.resolve(carrier.host().name()), null), carrier.host().name(), running), "listening on");
      }
      awaitReplicas(local, titleId, CARRIERS);
      testbed.cap(origin.host(), ORIGIN_UP, UNCAPPED_DOWN);
      for (Node carrier : carriers) {
        testbed.cap(carrier.host(), CARRIER_UP, UNCAPPED_DOWN);
      }
      for (Node downloader : downloaders) {
        testbed.cap(downloader.host(), DOWNLOADER_UP, DOWNLOADER_DOWN);
      }
      List<Node> uploaders = concat(List.of(origin), concat(carriers, downloaders));
      for (Node node : uploaders) {
        testbed.countUploadsFrom(node.host(), SERVE_PORT);
      }
      Map<Node, Long> creditedBefore = new LinkedHashMap<>();
      for (Node node : uploaders) {
        creditedBefore.put(node, BenchStore.bytesCredited(local, node.email()));
      }

      // The crowd: every downloader at once, cold.
      long started = System.nanoTime();
      List<CompletableFuture<Double>> done = new ArrayList<>();
      for (Node downloader : downloaders) {
        Path out = home.resolve("got-" + downloader.host().name() + ".bin");
        List<String> get = List.of(LAUNCHER.toString(), "get", titleId, "--seed", "--listen", downloader.host().address() + ":" + SERVE_PORT,
            "--advertise", downloader.host().address(), "--store", fromHosts, "--email", downloader.email(), "--password",
            BenchStore.PASSWORD, "-o", out.toString(), "--data", home.resolve(downloader.host().name()).toString());
        done.add(secondsUntil(start(NamespaceTestbed.in(downloader.host(), get), downloader.host().name(), running), "Seeding as node",
            started));
      }
      double carriageSeconds = slowest(done);
      for (Node downloader : downloaders) {
        assertThat(Files.mismatch(media, home.resolve("got-" + downloader.host().name() + ".bin"))).as("byte-identical download").isEqualTo(-1);
      }
      Map<Node, Long> credited = awaitCredits(local, uploaders, creditedBefore, DOWNLOADERS * storedBytes);
      double worstDeviation = 0;
      for (Node node : uploaders) {
        long payload = testbed.uploadsCounted(node.host()).payloadBytes();
        long paid = credited.get(node);
        double deviation = payload < (1 << 20) ? 0 : (paid - payload) / (double) payload;
        System.out.printf(Locale.ROOT, "swarm: %-8s credited %.2f MB, kernel counted %.2f MB (deviation %+.2f%%)%n", node.host().name(),
            paid / 1e6, payload / 1e6, 100 * deviation);
        worstDeviation = Math.max(worstDeviation, Math.abs(deviation));
      }
      long total = credited.values().stream().mapToLong(Long::longValue).sum();
      double originShare = credited.get(origin) / (double) total;
      running.forEach(Process::destroy);
      for (Process process : running) {
        process.waitFor(30, TimeUnit.SECONDS);
      }
      running.clear();

      double btSeconds = bitTorrent(testbed, media, origin, carriers, downloaders, running);
      double bound = kumarRoss(storedBytes);
      System.out.printf(Locale.ROOT, "swarm: F=%.1f MB, origin up %.1f MB/s, %d carriers up %.1f MB/s, %d downloaders up %.1f down %.1f MB/s%n",
          storedBytes / 1e6, ORIGIN_UP / 1e6, CARRIERS, CARRIER_UP / 1e6, DOWNLOADERS, DOWNLOADER_UP / 1e6, DOWNLOADER_DOWN / 1e6);
      System.out.printf(Locale.ROOT, "swarm: time_s=%.2f bound_s=%.2f ratio=%.2f bittorrent_time_s=%.2f bittorrent_ratio=%.2f "
              + "origin_share=%.3f credit_deviation_max=%.4f%n", carriageSeconds, bound, carriageSeconds / bound, btSeconds,
          btSeconds / kumarRoss(Files.size(media)), originShare, worstDeviation);
    } finally {
      running.forEach(Process::destroyForcibly);
    }
  }

  /** The aria2c swarm: seeds where the origin and carriers were, leechers where the downloaders were, opentracker on the bridge. */
  private double bitTorrent(NamespaceTestbed testbed, Path media, Node origin, List<Node> carriers, List<Node> downloaders,
      List<Process> running) throws Exception {
    String announce = "http://" + NamespaceTestbed.BRIDGE_ADDRESS + ":" + TRACKER_PORT + "/announce";
    TorrentFile torrent = TorrentFile.of(media, announce, 256 * 1024);
    Path tracker = Files.createDirectories(home.resolve("tracker"));
    Files.writeString(tracker.resolve("whitelist"), torrent.infoHashHex() + "\n");
    tracker.toFile().setReadable(true, false);
    tracker.toFile().setExecutable(true, false);
    tracker.resolve("whitelist").toFile().setReadable(true, false);
    Path torrentFile = Files.write(home.resolve("bench.torrent"), torrent.encoded());
    start(List.of("opentracker", "-i", NamespaceTestbed.BRIDGE_ADDRESS, "-p", Integer.toString(TRACKER_PORT), "-P",
        Integer.toString(TRACKER_PORT), "-d", tracker.toString(), "-w", "whitelist"), "opentracker", running);
    Path seedDirectory = media.getParent();
    for (Node seed : concat(List.of(origin), carriers)) {
      start(NamespaceTestbed.in(seed.host(), aria2c(torrentFile, seedDirectory, List.of("--seed-ratio=0.0", "--bt-seed-unverified=true"))),
          "bt-" + seed.host().name(), running);
    }
    awaitSeeds(torrent, 1 + carriers.size());
    Path hook = Files.writeString(home.resolve("bt-done.sh"), "#!/bin/sh\necho BT-DONE\n");
    hook.toFile().setExecutable(true);
    long started = System.nanoTime();
    List<CompletableFuture<Double>> done = new ArrayList<>();
    for (Node downloader : downloaders) {
      Path out = Files.createDirectories(home.resolve("bt-" + downloader.host().name()));
      done.add(secondsUntil(start(NamespaceTestbed.in(downloader.host(), aria2c(torrentFile, out, List.of("--seed-ratio=0.0",
          "--on-bt-download-complete=" + hook))), "bt-" + downloader.host().name(), running), "BT-DONE", started));
    }
    double seconds = slowest(done);
    for (Node downloader : downloaders) {
      assertThat(Files.mismatch(media, home.resolve("bt-" + downloader.host().name()).resolve(media.getFileName())))
          .as("aria2c's copy").isEqualTo(-1);
    }
    return seconds;
  }

  private static List<String> aria2c(Path torrent, Path directory, List<String> extra) {
    List<String> command = new ArrayList<>(List.of("aria2c", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
        "--listen-port=" + BT_PORT, "--bt-tracker-interval=5", "--file-allocation=none", "--summary-interval=0",
        "--console-log-level=warn", "--check-integrity=true", "-d", directory.toString()));
    command.addAll(extra);
    command.add(torrent.toString());
    return command;
  }

  /** Until the tracker counts this many complete peers of the torrent. */
  private static void awaitSeeds(TorrentFile torrent, int seeds) throws Exception {
    StringBuilder hash = new StringBuilder();
    for (byte b : torrent.infoHash()) {
      hash.append('%').append(String.format("%02X", b));
    }
    String scrape = "http://" + NamespaceTestbed.BRIDGE_ADDRESS + ":" + TRACKER_PORT + "/scrape?info_hash=" + hash;
    Pattern complete = Pattern.compile("8:completei([0-9]+)e");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher counted = complete.matcher(NamespaceTestbed.output(List.of("curl", "-s", scrape)));
      if (counted.find() && Integer.parseInt(counted.group(1)) >= seeds) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(250); // a benchmark's wait for processes outside this JVM, not a test's
    }
    throw new IllegalStateException("the tracker never counted " + seeds + " seeds");
  }

  private static List<String> serve(Node node, String storeUri, Path data, String originFlag) {
    return BenchNodes.serve(node.host(), node.email(), storeUri, data, originFlag != null, SERVE_PORT, "swarm-");
  }

  /** The Kumar–Ross bound for F bytes to every downloader, with these caps. */
  private static double kumarRoss(long fileBytes) {
    double seeds = ORIGIN_UP + CARRIERS * (double) CARRIER_UP;
    double all = seeds + DOWNLOADERS * (double) DOWNLOADER_UP;
    return Math.max(Math.max(fileBytes / seeds, fileBytes / (double) DOWNLOADER_DOWN), DOWNLOADERS * (double) fileBytes / all);
  }

  private static LaunchedProcess start(List<String> command, String name, List<Process> running) throws IOException {
    return LaunchedProcess.start(command, name, running, LOGS);
  }

  private static CompletableFuture<Double> secondsUntil(LaunchedProcess launched, String marker, long started) {
    return launched.secondsUntil(marker, started);
  }

  private static void await(LaunchedProcess launched, String marker) throws Exception {
    launched.when(marker).get(5, TimeUnit.MINUTES);
  }

  private static double slowest(List<CompletableFuture<Double>> done) throws Exception {
    double slowest = 0;
    for (CompletableFuture<Double> one : done) {
      slowest = Math.max(slowest, one.get(CROWD_LIMIT.toSeconds(), TimeUnit.SECONDS));
    }
    return slowest;
  }

  private static void awaitReplicas(String store, String titleId, int carriers) throws Exception {
    BenchNodes.awaitReplicas(store, titleId, carriers);
  }

  /** What the store credited each node for the crowd, once the receipts add up to every downloader's whole file (or a minute passed). */
  private static Map<Node, Long> awaitCredits(String store, List<Node> nodes, Map<Node, Long> before, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<Node, Long> credited = new LinkedHashMap<>();
    while (true) {
      long total = 0;
      for (Node node : nodes) {
        long bytes = BenchStore.bytesCredited(store, node.email()) - before.get(node);
        credited.put(node, bytes);
        total += bytes;
      }
      if (total >= expected || System.nanoTime() > deadline) {
        System.out.printf(Locale.ROOT, "swarm: the store credited %.2f MB of the %.2f MB delivered%n", total / 1e6, expected / 1e6);
        return credited;
      }
      TimeUnit.MILLISECONDS.sleep(500); // carriers submit their receipts on their own schedule
    }
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }
}
