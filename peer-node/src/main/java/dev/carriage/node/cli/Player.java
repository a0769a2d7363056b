package dev.carriage.node.cli;

import dev.carriage.node.client.Download;
import dev.carriage.node.client.PlainFile;
import dev.carriage.node.play.PlayerEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** {@code get --play} and {@code play}: the download streams to a local player endpoint, which stays up until Ctrl-C. */
final class Player {

  private static final List<String> PLAYERS = List.of("mpv", "vlc", "ffplay");

  private Player() {}

  static int run(Download download, long bytesPerSecond, boolean open, GetCommand.Progress progress) throws Exception {
    PlainFile file = download.plainFile().orElseThrow();
    download.stream(bytesPerSecond);
    String name = file.manifest().titleId().toString();
    try (PlayerEndpoint endpoint = PlayerEndpoint.start(name, download.playable().orElseThrow(), 0)) {
      var running = download.start();
      // The title's address at once, so a player can ask for its first bytes while they come;
      // an album's playlist once its first piece tells it is one.
      System.out.println("Playing at " + endpoint.titleUrl(name) + " (this machine only; Ctrl-C to stop)");
      String url = endpoint.playUrl(name);
      if (!url.equals(endpoint.titleUrl(name))) {
        System.out.println("An album: its tracks, in order, at " + url);
      }
      if (open) {
        startPlayer(url);
      }
      try {
        Download.Result result = running.get();
        progress.close();
        System.out.printf("%s: %s in %.1f s; still playing at %s until Ctrl-C%n", result.output(), Sizes.format(result.contentBytes()),
            result.took().toMillis() / 1000.0, url);
      } catch (ExecutionException failed) {
        System.err.println("Download failed: " + failed.getCause().getMessage());
        return 1;
      }
      Thread.currentThread().join();
      return 0;
    } finally {
      file.close();
    }
  }

  private static void startPlayer(String url) throws IOException {
    Optional<String> player = PLAYERS.stream().filter(Player::installed).findFirst();
    if (player.isEmpty()) {
      System.err.println("No player found (" + String.join(", ", PLAYERS) + "); open the address in one, or in a browser");
      return;
    }
    new ProcessBuilder(player.get(), url).inheritIO().start();
  }

  private static boolean installed(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(java.io.File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
        return true;
      }
    }
    return false;
  }
}
