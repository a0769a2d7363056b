package dev.carriage.catalog.ingest;

import dev.carriage.node.publish.ContentPublisher;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.store.StoreApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Puts a title's media on the grid with the grid's own publishing: encrypted into pieces with
 * a fresh key, the manifest signed by the store, the pieces placed on the origin.
 */
public final class MediaIngest {

  private final StoreApi store;
  private final String bearer;
  private final Function<String, PublicKey> storeKeys;
  private final PieceStore origin;
  private final int pieceSizeBytes;

  public MediaIngest(StoreApi store, String bearer, Function<String, PublicKey> storeKeys, PieceStore origin, int pieceSizeBytes) {
    this.store = store;
    this.bearer = bearer;
    this.storeKeys = storeKeys;
    this.origin = origin;
    this.pieceSizeBytes = pieceSizeBytes;
  }

  public StoredTitle ingest(UUID titleId, MediaSet media, String sourceDigest, LongConsumer progressBytes) throws IOException {
    if (!media.bundled()) {
      return ContentPublisher.publish(store, bearer, storeKeys, titleId, media.files().get(0).path(), pieceSizeBytes, sourceDigest,
          origin, progressBytes);
    }
    Path archive = Files.createTempFile(origin.stagingDirectory(), titleId + "-", ".tar");
    try {
      media.writeArchive(archive, bytes -> { });
      return ContentPublisher.publish(store, bearer, storeKeys, titleId, archive, pieceSizeBytes, sourceDigest, origin, progressBytes);
    } finally {
      Files.deleteIfExists(archive);
    }
  }
}
