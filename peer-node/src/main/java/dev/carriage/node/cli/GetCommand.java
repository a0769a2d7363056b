package dev.carriage.node.cli;

import dev.carriage.grid.crypto.CryptoProvider;
import dev.carriage.node.NodeDaemon;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.client.TitleFetcher;
import dev.carriage.node.net.Transport;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true, description = "Download a title you hold a licence for, from many carriers at once.")
class GetCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Parameters(index = "0", description = "The title's id, or words from its name.")
  String title;

  @Option(names = {"-o", "--out"}, description = "Where to write the file (default: <title id>.bin here).")
  Path out;

  @Option(names = "--data", defaultValue = "${env:CARRIAGE_CLIENT_DATA:-${env:CARRIAGE_HOME:-${sys:user.home}/.carriage}/client}",
      description = "With --seed: where the node keeps the pieces it carries (default: ${DEFAULT-VALUE}). Without, an"
      + " interrupted download resumes from OUT.partial.")
  Path data;

  @Option(names = "--trial", description = "Start the title's free trial first, if it has one.")
  boolean trial;

  @Option(names = "--seed", description = "Run as a carrier node meanwhile (your account needs the carrier role): serve the pieces"
      + " you have to others fetching the same title, and keep seeding after the download until Ctrl-C.")
  boolean seed;

  @Option(names = "--listen", defaultValue = "0.0.0.0:0", description = "With --seed: where to listen (default: any free port).")
  String listen;

  @Option(names = "--advertise", defaultValue = "127.0.0.1", description = "With --seed: the address other clients should connect to (default: ${DEFAULT-VALUE}).")
  String advertise;

  @Option(names = "--play", description = "Play while it downloads: serve the title on a local address (printed) for mpv, VLC or a"
      + " browser, the pieces the player reads first, and keep serving it after the download until Ctrl-C.")
  boolean play;

  @Option(names = "--bitrate", defaultValue = "1MB", description = "With --play: how fast the player reads, in bytes per second"
      + " (default: ${DEFAULT-VALUE}, enough for most video); the pieces ahead of it are due at that rate.")
  String bitrate;

  @Option(names = "--open", description = "With --play: start a player (mpv, vlc or ffplay, the first installed) on the address.")
  boolean open;

  @Override
  public Integer call() throws Exception {
    if (play && seed) {
      System.err.println("--play and --seed do not go together yet: a seeding node keeps ciphertext; play without --seed");
      return 2;
    }
    StoreApi api = store.api();
    // Start-up is on the user's clock: what needs no answer of the store's is done while it is
    // asked. A download loads the native crypto provider now; a stream once its first second is in.
    if (play) {
      CryptoProvider.deferLoading();
    } else {
      CryptoProvider.loadInBackground();
    }
    CompletableFuture<StoreKeys> storeKeys = seed ? null : CompletableFuture.supplyAsync(() -> new StoreKeys(api));
    CompletableFuture<KeyPair> sessionKeys = CompletableFuture.supplyAsync(TitleFetcher::sessionKeys);
    CompletableFuture.runAsync(Transport::name); // the network transport's native library
    String token = store.login(api);
    UUID titleId = api.findTitle(title);
    if (trial) {
      api.startTrial(token, titleId);
    }
    Path output = out != null ? out : Path.of(titleId + ".bin");
    return seed ? getAndSeed(api, token, titleId, output) : get(api, token, titleId, output, joined(storeKeys), joined(sessionKeys));
  }

  /** The value of a start-up task, or what it threw (a store error, say) as if called here. */
  private static <T> T joined(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw failed;
    }
  }

  private int get(StoreApi api, String token, UUID titleId, Path output, StoreKeys keys, KeyPair sessionKeys) throws Exception {
    try (Progress progress = Progress.forConsole()) {
      Download download = TitleFetcher.toPlainFiles(api, keys).prepare(token, titleId, output, null, null, sessionKeys, progress);
      return play ? Player.run(download, Sizes.parse(bitrate), open, progress) : run(download, progress, output);
    }
  }

  /** As a node: its store is the download's target, so every verified piece is served at once. */
  private int getAndSeed(StoreApi api, String token, UUID titleId, Path output) throws Exception {
    String[] hostPort = listen.split(":");
    NodeSettings settings = NodeSettings.builder(data, store.store).name("seeding-client", "local")
        .listen(hostPort[0], Integer.parseInt(hostPort[1]), advertise).build();
    try (NodeDaemon node = NodeDaemon.start(settings, () -> token); Progress progress = Progress.forConsole()) {
      Download download = new TitleFetcher(api, node.keys(), node.store())
          .prepare(token, titleId, output, node.nodeId(), settings.region(), progress);
      node.announce();
      int status = run(download, progress, output);
      if (status == 0) {
        System.out.printf("Seeding as node %s on port %d; Ctrl-C to stop.%n", node.nodeId(), node.port());
        Thread.currentThread().join();
      }
      return status;
    }
  }

  private static int run(Download download, Progress progress, Path output) throws InterruptedException {
    try {
      Download.Result result = download.start().get();
      progress.close();
      System.out.printf("%s: %s in %.1f s (%d pieces fetched, %d already here, from %d sources%s)%n", output,
          Sizes.format(result.contentBytes()), result.took().toMillis() / 1000.0, result.piecesFetched(), result.piecesAlreadyHeld(),
          result.piecesBySource().size(), result.banned().isEmpty() ? "" : ", " + result.banned().size() + " banned");
      return 0;
    } catch (ExecutionException failed) {
      System.err.println("Download failed: " + failed.getCause().getMessage());
      return 1;
    }
  }

  /** A live bar (bytes, rate, ETA, sources) on a terminal; a plain line every few seconds otherwise. */
  abstract static class Progress implements DownloadProgress, AutoCloseable {

    static Progress forConsole() {
      return System.console() != null ? new Bar() : new Lines();
    }

    @Override
    public void message(String line) {
      System.err.println(line);
    }

    @Override
    public void close() {}
  }

  static final class Bar extends Progress {
    private ProgressBar bar;

    @Override
    public synchronized void update(long held, long total, long rate, int sources) {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName("get").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
            .setUnit(" MB", 1_000_000).showSpeed().build();
      }
      bar.stepTo(held);
      bar.setExtraMessage(sources + " sources");
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  static final class Lines extends Progress {
    private long lastLineNanos;

    @Override
    public synchronized void update(long held, long total, long rate, int sources) {
      long now = System.nanoTime();
      if (now - lastLineNanos < 2_000_000_000L && held < total) {
        return;
      }
      lastLineNanos = now;
      long etaSeconds = rate > 0 ? (total - held) / rate : -1;
      System.out.printf("%5.1f%%  %s of %s  %s/s  ETA %s  %d sources%n", 100.0 * held / total, Sizes.format(held), Sizes.format(total),
          Sizes.format(rate), etaSeconds < 0 ? "?" : etaSeconds + " s", sources);
    }
  }
}
