package dev.carriage.node.cli;

import dev.carriage.node.publish.ContentPublisher;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true, description = "Encrypt a media file as a title's content, register it with the store and place it on the origin.")
final class PublishCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();
  @Mixin DataOption data = new DataOption();

  @Parameters(index = "0", description = "The media file.")
  Path media;

  @Option(names = "--title", required = true, description = "The title's id, or words from its name.")
  String title;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(media)) {
      System.err.println(media + " cannot be read");
      return 1;
    }
    String token = store.login();
    StoreApi api = store.api();
    UUID titleId = api.findTitle(title);
    StoreKeys keys = new StoreKeys(api);
    try (PieceStore origin = PieceStore.open(data.directory, keys)) {
      var stored = ContentPublisher.publish(api, token, keys, titleId, media, origin, bytes -> { });
      System.out.printf("Published %s as title %s: %d pieces, root %s%n", media, titleId, stored.manifest().pieceCount(),
          stored.manifest().merkleRoot());
    }
    return 0;
  }
}
