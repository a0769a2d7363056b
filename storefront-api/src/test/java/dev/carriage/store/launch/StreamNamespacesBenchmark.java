package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;

import dev.carriage.store.support.GridLab;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playing while it downloads, as a user meets it: the packaged store, the real {@code peer-node
 * serve} processes of the origin and of carriers that filled their caches, each in its own
 * network namespace with a token-bucket cap on its upload ({@link NamespaceTestbed}), and a
 * viewer's cold {@code peer-node play} process with a modelled player ({@link StreamPlayer})
 * reading from its endpoint inside the viewer's namespace. In one run:
 * <ul>
 *   <li>start and seek with every source capped at 8 MB/s: from launching {@code play} to the
 *       first second of media in the player's hands, and from a seek (a second in, to 90% of a
 *       long film) to the first second after it;
 *   <li>stalls per minute with the sources' caps adding up to 1.0, 1.2 and 2.0 times the bitrate;
 *   <li>the same start for a plain sequential download ({@code peer-node get}): the first second
 *       plays only once the file is whole;
 *   <li>the origin's share of what the store credited for a crowd of viewers each streaming
 *       (a reader at the bitrate, {@code curl --limit-rate}), against the same crowd downloading.
 * </ul>
 * Not a test (outside failsafe's patterns); {@code ops/bench/stream} runs it, as root.
 */
class StreamNamespacesBenchmark {

  private static final int SIZE_MIB = Integer.getInteger("bench.size-mib", 48);
  private static final int CROWD_SIZE_MIB = Integer.getInteger("bench.crowd-size-mib", 16);
  /** The start-and-seek film: long enough that at 8 MB/s a source, what lies at 90% has not come a second in. */
  private static final int LONG_SIZE_MIB = Integer.getInteger("bench.long-size-mib", 256);
  private static final int CARRIERS = Integer.getInteger("bench.carriers", 3);
  private static final int CROWD = Integer.getInteger("bench.crowd", 20);
  /** Bytes per second (10^6 per MB). */
  private static final long BITRATE = mb(System.getProperty("bench.bitrate-mb-s", "2"));
  private static final long START_CAP = mb(System.getProperty("bench.start-cap-mb-s", "8"));
  private static final long CROWD_BITRATE = mb(System.getProperty("bench.crowd-bitrate-mb-s", "0.5"));
  private static final long CROWD_ORIGIN_UP = mb(System.getProperty("bench.crowd-origin-mb-s", "2"));
  private static final long CROWD_CARRIER_UP = mb(System.getProperty("bench.crowd-carrier-mb-s", "4"));
  private static final long UNCAPPED = mb("100");
  private static final int SERVE_PORT = 7000;
  private static final Path LOGS = Path.of("target", "stream-bench").toAbsolutePath();
  private static final Path PLAYER_CLASSES = Path.of("target", "test-classes").toAbsolutePath();
  /** Where the launcher keeps its class-sharing archives (bin/peer-node). */
  private static final Path CLASS_SHARING = Path.of("..", "peer-node", "target", "cds").toAbsolutePath().normalize();
  private static final Pattern PLAYER_LINE = Pattern.compile(
      "player: start_s=([0-9.]+) stalls=([0-9]+) stalled_s=([0-9.]+) played_s=([0-9.]+) seek_s=(-?[0-9.]+) first_second_at=(-?[0-9]+)");
  private static final String VIEWER = "stream-viewer@bench.local";

  @TempDir Path home;
  private final List<Process> running = new ArrayList<>();
  private NamespaceTestbed testbed;
  private String fromHosts;
  private NamespaceTestbed.Host origin;
  private final List<NamespaceTestbed.Host> carriers = new ArrayList<>();
  private int runs;

  private static long mb(String megabytesPerSecond) {
    return (long) (Double.parseDouble(megabytesPerSecond) * 1e6);
  }

  /**
   * What the player saw: seconds from launching {@code play} to its first second of media (and
   * from the address reaching it), stalls, and the seek.
   */
  private record Played(double startSeconds, double fromAddressSeconds, int stalls, double stalledSeconds, double playedSeconds,
      double seekSeconds) {

    double stallsPerMinute() {
      return stalls / (playedSeconds / 60);
    }
  }

  @Test
  void playWhileItDownloads_inNetworkNamespaces_nextToASequentialDownload() throws Exception {
    Files.createDirectories(LOGS);
    try (NamespaceTestbed bed = new NamespaceTestbed();
        StoreProcess store = StoreProcess.start(Map.of("CARRIAGE_HOME", home.resolve("store").toString(), "CARRIAGE_DEMO_ENABLED", "true",
            "QUARKUS_HTTP_HOST", "0.0.0.0"), LOGS.resolve("store.log"))) {
      testbed = bed;
      String local = store.baseUri();
      fromHosts = local.replace("127.0.0.1", NamespaceTestbed.BRIDGE_ADDRESS);
      String admin = BenchStore.login(local, BenchStore.ADMIN);
      String title = publish(local, "Stream benchmark film", SIZE_MIB, 21);
      String crowdTitle = publish(local, "Stream benchmark crowd", CROWD_SIZE_MIB, 22);
      String longTitle = publish(local, "Stream benchmark long film", LONG_SIZE_MIB, 23);
      long crowdStoredBytes = Files.size(home.resolve("origin").resolve("titles").resolve(crowdTitle).resolve("content.bin"));

      origin = testbed.add("origin");
      NamespaceTestbed.Host viewer = testbed.add("viewer");
      List<NamespaceTestbed.Host> crowd = new ArrayList<>();
      List<String> carrierEmails = new ArrayList<>();
      for (int i = 0; i < CARRIERS; i++) {
        carriers.add(testbed.add("carrier" + i));
        carrierEmails.add("stream-carrier-" + i + "@bench.local");
        BenchStore.register(local, carrierEmails.get(i));
        BenchStore.grantCarrier(local, admin, carrierEmails.get(i));
      }
      for (int i = 0; i < CROWD; i++) {
        crowd.add(testbed.add("crowd" + i));
        // Two buyers per host: the store credits carriage once per sale, so the downloading crowd needs sales of its own.
        for (boolean streaming : new boolean[] {true, false}) {
          BenchStore.register(local, crowdEmail(streaming, i));
          BenchStore.buy(local, crowdEmail(streaming, i), crowdTitle);
        }
      }
      BenchStore.register(local, VIEWER);
      BenchStore.buy(local, VIEWER, title);
      BenchStore.buy(local, VIEWER, longTitle);

      LaunchedProcess.start(BenchNodes.serve(origin, BenchStore.ADMIN, fromHosts, home.resolve("origin"), true, SERVE_PORT, "stream-"),
          "origin", running, LOGS).when("listening on").get(5, TimeUnit.MINUTES);
      for (String replicated : List.of(title, crowdTitle, longTitle)) {
        given().baseUri(local).auth().oauth2(BenchStore.login(local, BenchStore.PUBLISHER)).contentType(ContentType.JSON)
            .body(Map.of("target", CARRIERS)).put("/api/grid/titles/" + replicated + "/replicas").then().statusCode(200);
      }
      for (int i = 0; i < CARRIERS; i++) {
        NamespaceTestbed.Host carrier = carriers.get(i);
        LaunchedProcess.start(BenchNodes.serve(carrier, carrierEmails.get(i), fromHosts, home.resolve(carrier.name()), false, SERVE_PORT,
            "stream-"), carrier.name(), running, LOGS).when("listening on").get(5, TimeUnit.MINUTES);
      }
      BenchNodes.awaitReplicas(local, title, CARRIERS);
      BenchNodes.awaitReplicas(local, crowdTitle, CARRIERS);
      BenchNodes.awaitReplicas(local, longTitle, CARRIERS);
      testbed.cap(viewer, UNCAPPED, UNCAPPED);

      // Start and seek, every source at 8 MB/s: a second in, the player seeks to 90% of the long film.
      // First as on a machine where play never ran: that run records the classes it loads and the
      // next builds the launcher's class-sharing archive from them, which later runs map.
      capSources(START_CAP, START_CAP);
      deleteClassSharing("play");
      Played firstEver = stream(viewer, longTitle, 3, -1, 0);
      stream(viewer, longTitle, 3, -1, 0);
      awaitClassSharing("play");
      Played start = stream(viewer, longTitle, 6, 1, 0.9);
      System.out.printf(Locale.ROOT, "stream: start, sources at %.1f MB/s, bitrate %.1f MB/s: %.3f s from launching play to the"
              + " first second in the player (%.3f s from the address reaching it); a seek a second in to 90%%: %.3f s; %d stalls;"
              + " the first play on this machine, before its class-sharing archive: %.3f s%n",
          START_CAP / 1e6, BITRATE / 1e6, start.startSeconds(), start.fromAddressSeconds(), start.seekSeconds(), start.stalls(),
          firstEver.startSeconds());

      // Stalls at 1.0, 1.2 and 2.0 times the bitrate, the caps split evenly over the origin and the carriers.
      Map<Double, Played> byCapacity = new LinkedHashMap<>();
      double titleSeconds = (SIZE_MIB << 20) / (double) BITRATE;
      for (double capacity : new double[] {1.0, 1.2, 2.0}) {
        long each = (long) (capacity * BITRATE / (1 + CARRIERS));
        capSources(each, each);
        Played played = stream(viewer, title, titleSeconds, -1, 0);
        byCapacity.put(capacity, played);
        System.out.printf(Locale.ROOT, "stream: capacity %.1fx the bitrate (%d sources at %.2f MB/s): %d stalls (%.1f s) in %.1f s"
                + " played, %.2f per minute%n", capacity, 1 + CARRIERS, each / 1e6, played.stalls(), played.stalledSeconds(),
            played.playedSeconds(), played.stallsPerMinute());
      }

      // The same start, downloading: the first second plays once the whole file is there.
      capSources(START_CAP, START_CAP);
      deleteClassSharing("get"); // and get as warm as play: two runs before, the second building its archive
      download(viewer, title);
      download(viewer, title);
      awaitClassSharing("get");
      double sequentialStart = download(viewer, longTitle);
      System.out.printf(Locale.ROOT, "stream: sequential (peer-node get, sources at %.1f MB/s): the file is whole %.3f s after launch%n",
          START_CAP / 1e6, sequentialStart);

      // The crowd: streaming, then downloading, each a fresh session; the origin's share of the store's credits for each.
      capSources(CROWD_ORIGIN_UP, CROWD_CARRIER_UP);
      List<String> uploaders = new ArrayList<>(carrierEmails);
      uploaders.add(BenchStore.ADMIN);
      double streamingShare = crowdOriginShare(local, crowd, crowdTitle, true, uploaders, crowdStoredBytes);
      double downloadingShare = crowdOriginShare(local, crowd, crowdTitle, false, uploaders, crowdStoredBytes);
      System.out.printf(Locale.ROOT, "stream: a crowd of %d (origin %.1f MB/s, %d carriers %.1f MB/s): origin share %.3f streaming at"
              + " %.1f MB/s each, %.3f downloading%n", CROWD, CROWD_ORIGIN_UP / 1e6, CARRIERS, CROWD_CARRIER_UP / 1e6, streamingShare,
          CROWD_BITRATE / 1e6, downloadingShare);

      System.out.printf(Locale.ROOT, "stream: start_s=%.3f seek_s=%.3f stalls_per_min_1_0=%.2f stalls_per_min_1_2=%.2f"
              + " stalls_per_min_2_0=%.2f sequential_start_s=%.3f origin_share_delta=%.3f%n", start.startSeconds(), start.seekSeconds(),
          byCapacity.get(1.0).stallsPerMinute(), byCapacity.get(1.2).stallsPerMinute(), byCapacity.get(2.0).stallsPerMinute(),
          sequentialStart, streamingShare - downloadingShare);
    } finally {
      running.forEach(Process::destroyForcibly);
    }
  }

  private String publish(String local, String name, int sizeMib, long seed) throws Exception {
    String titleId = BenchStore.newTitle(local, name, (long) sizeMib << 20, "video"); // published with a video's pieces (PieceSizes)
    Path media = GridLab.randomMedia(Files.createDirectories(home.resolve("media-" + seed)), sizeMib << 20, seed);
    LaunchedProcess.start(List.of(BenchNodes.LAUNCHER.toString(), "publish", media.toString(), "--title", titleId, "--store", local, "--data",
        home.resolve("origin").toString(), "--email", BenchStore.PUBLISHER, "--password", BenchStore.PASSWORD), "publish-" + seed, running,
        LOGS).when("Published").get(5, TimeUnit.MINUTES);
    return titleId;
  }

  private static String crowdEmail(boolean streaming, int i) {
    return "stream-crowd-" + (streaming ? "streamer-" : "downloader-") + i + "@bench.local";
  }

  private void capSources(long originUp, long carrierUp) throws Exception {
    testbed.cap(origin, originUp, UNCAPPED);
    for (NamespaceTestbed.Host carrier : carriers) {
      testbed.cap(carrier, carrierUp, UNCAPPED);
    }
  }

  /**
   * A cold {@code peer-node play} in the viewer's namespace, and the modelled player, started and
   * warm before it, given the address {@code play} prints.
   */
  private Played stream(NamespaceTestbed.Host viewer, String title, double playSeconds, double seekAt, double seekTo) throws Exception {
    int run = ++runs;
    Path out = home.resolve("played-" + run + ".bin");
    LaunchedProcess player = LaunchedProcess.start(NamespaceTestbed.in(viewer, List.of("java", "-cp", PLAYER_CLASSES.toString(),
        StreamPlayer.class.getName(), Long.toString(BITRATE), Double.toString(playSeconds), Double.toString(seekAt),
        Double.toString(seekTo))), "player-" + run, running, LOGS);
    player.when("ready").get(1, TimeUnit.MINUTES);
    long launched = System.nanoTime();
    LaunchedProcess play = LaunchedProcess.start(NamespaceTestbed.in(viewer, List.of(BenchNodes.LAUNCHER.toString(), "play", title,
        "--bitrate", Long.toString(BITRATE), "-o", out.toString(), "--store", fromHosts, "--email", VIEWER, "--password",
        BenchStore.PASSWORD)), "play-" + run, running, LOGS);
    try {
      String line = play.line("Playing at ").get(2, TimeUnit.MINUTES);
      long addressed = System.nanoTime();
      String url = line.substring("Playing at ".length(), line.indexOf(' ', "Playing at ".length()));
      player.process.getOutputStream().write((url + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      player.process.getOutputStream().flush();
      Matcher seen = PLAYER_LINE.matcher(player.line("player: ").get(10, TimeUnit.MINUTES));
      if (!seen.find()) {
        throw new IllegalStateException("the player's last line did not read as expected; see " + LOGS);
      }
      long firstSecondAt = Long.parseLong(seen.group(6));
      return new Played((firstSecondAt - launched) / 1e9, (firstSecondAt - addressed) / 1e9, Integer.parseInt(seen.group(2)),
          Double.parseDouble(seen.group(3)), Double.parseDouble(seen.group(4)), Double.parseDouble(seen.group(5)));
    } finally {
      stop(play.process);
      stop(player.process);
      Files.deleteIfExists(out);
      Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".partial"));
      Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".partial.pieces"));
    }
  }

  /** The launcher's class-sharing files for a command, as if it never ran on this machine. */
  private static void deleteClassSharing(String command) throws Exception {
    if (!Files.isDirectory(CLASS_SHARING)) {
      return;
    }
    try (var files = Files.list(CLASS_SHARING)) {
      for (Path file : files.filter(file -> file.getFileName().toString().startsWith(command + ".")).toList()) {
        Files.delete(file); // the archive, records, a failure mark, or an empty build lock
      }
    }
  }

  /** Waits (a few seconds) for the launcher's background build of a command's class-sharing archive. */
  private static void awaitClassSharing(String command) throws Exception {
    Path archive = CLASS_SHARING.resolve(command + ".jsa");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!Files.exists(archive) || Files.exists(CLASS_SHARING.resolve(command + ".building"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the launcher built no class-sharing archive for " + command + " in " + CLASS_SHARING);
      }
      TimeUnit.MILLISECONDS.sleep(200); // the launcher builds it in the background, on its own schedule
    }
  }

  /** A cold {@code peer-node get} in the viewer's namespace: seconds from launch until the file is whole. */
  private double download(NamespaceTestbed.Host viewer, String title) throws Exception {
    Path out = home.resolve("downloaded.bin");
    long launched = System.nanoTime();
    LaunchedProcess get = LaunchedProcess.start(NamespaceTestbed.in(viewer, List.of(BenchNodes.LAUNCHER.toString(), "get", title,
        "-o", out.toString(), "--store", fromHosts, "--email", VIEWER, "--password", BenchStore.PASSWORD)), "get", running, LOGS);
    double seconds = get.secondsUntil(" pieces fetched", launched).get(10, TimeUnit.MINUTES);
    get.process.waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(out);
    return seconds;
  }

  /**
   * The crowd at once, each a cold process of its own buyer: {@code play} with a reader at the
   * crowd's bitrate ({@code curl --limit-rate}, which reads in order and so moves the playhead
   * as a player does), or {@code get}. Returns the origin's share of what the store credited for it.
   */
  private double crowdOriginShare(String local, List<NamespaceTestbed.Host> crowd, String title, boolean streaming, List<String> uploaders,
      long storedBytes) throws Exception {
    Map<String, Long> before = new HashMap<>();
    for (String email : uploaders) {
      before.put(email, BenchStore.bytesCredited(local, email));
    }
    String kind = streaming ? "streaming" : "downloading";
    List<LaunchedProcess> clients = new ArrayList<>();
    for (int i = 0; i < crowd.size(); i++) {
      Path out = home.resolve(kind + "-" + i + ".bin");
      List<String> command = new ArrayList<>(List.of(BenchNodes.LAUNCHER.toString(), streaming ? "play" : "get", title, "-o", out.toString(),
          "--store", fromHosts, "--email", crowdEmail(streaming, i), "--password", BenchStore.PASSWORD));
      if (streaming) {
        command.addAll(List.of("--bitrate", Long.toString(CROWD_BITRATE)));
      }
      clients.add(LaunchedProcess.start(NamespaceTestbed.in(crowd.get(i), command), kind + "-" + i, running, LOGS));
    }
    List<LaunchedProcess> readers = new ArrayList<>();
    for (int i = 0; i < crowd.size(); i++) {
      LaunchedProcess client = clients.get(i);
      if (streaming) {
        String line = client.line("Playing at ").get(5, TimeUnit.MINUTES);
        String url = line.substring("Playing at ".length(), line.indexOf(' ', "Playing at ".length()));
        readers.add(LaunchedProcess.start(NamespaceTestbed.in(crowd.get(i), List.of("curl", "-sS", "--limit-rate", Long.toString(CROWD_BITRATE),
            "-o", "/dev/null", "-w", "read %{size_download} bytes\n", url)), kind + "-reader-" + i, running, LOGS));
      }
    }
    for (LaunchedProcess client : clients) {
      client.when(streaming ? "still playing at" : " pieces fetched").get(10, TimeUnit.MINUTES);
    }
    for (LaunchedProcess reader : readers) {
      reader.when("read ").get(10, TimeUnit.MINUTES);
    }
    for (LaunchedProcess client : clients) {
      stop(client.process); // a streaming client keeps serving its player until stopped; its carriers then submit the receipts
    }
    Map<String, Long> credited = awaitCredits(local, uploaders, before, crowd.size() * storedBytes);
    long total = credited.values().stream().mapToLong(Long::longValue).sum();
    return credited.get(BenchStore.ADMIN) / (double) total;
  }

  /** What the store credited each uploader since {@code before}, once it adds up to every client's whole title (or a minute passed). */
  private static Map<String, Long> awaitCredits(String store, List<String> uploaders, Map<String, Long> before, long expected)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, Long> credited = new LinkedHashMap<>();
      long total = 0;
      for (String email : uploaders) {
        long bytes = BenchStore.bytesCredited(store, email) - before.get(email);
        credited.put(email, bytes);
        total += bytes;
      }
      if (total >= expected || System.nanoTime() > deadline) {
        System.out.printf(Locale.ROOT, "stream: the store credited %.2f MB of the %.2f MB delivered%n", total / 1e6, expected / 1e6);
        return credited;
      }
      TimeUnit.MILLISECONDS.sleep(500); // carriers submit their receipts on their own schedule
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
