package dev.carriage.node.publish;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestCodec;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.manifest.ManifestSigner;
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
 * Puts a media file on the grid: encrypts it with a fresh content key into pieces, registers the
 * manifest and key with the store (which signs the manifest), and places the pieces in the
 * origin's store. Catalog import reuses this for every media file of a feed.
 */
public final class ContentPublisher {

  private ContentPublisher() {}

  public static StoredTitle publish(StoreApi store, String bearer, Function<String, PublicKey> storeKeys, UUID titleId, Path media,
      PieceStore origin, LongConsumer progressBytes) throws IOException {
    return publish(store, bearer, storeKeys, titleId, media, 0, origin, progressBytes);
  }

  /** As above, with a chosen piece size (0 picks the one for the title's kind, {@link PieceSizes}). */
  public static StoredTitle publish(StoreApi store, String bearer, Function<String, PublicKey> storeKeys, UUID titleId, Path media,
      int pieceSizeBytes, PieceStore origin, LongConsumer progressBytes) throws IOException {
    return publish(store, bearer, storeKeys, titleId, media, pieceSizeBytes, null, origin, progressBytes);
  }

  /** As above, telling the store the SHA-256 (hex) of the media, so a re-import can skip unchanged media. */
  public static StoredTitle publish(StoreApi store, String bearer, Function<String, PublicKey> storeKeys, UUID titleId, Path media,
      int pieceSizeBytes, String sourceDigest, PieceStore origin, LongConsumer progressBytes) throws IOException {
    int pieceSize = pieceSizeBytes != 0 ? pieceSizeBytes : PieceSizes.forKind(store.titleKind(titleId), Files.size(media));
    Path staging = Files.createTempFile(origin.stagingDirectory(), titleId + "-", ".content");
    try {
      ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(titleId, media, staging, pieceSize, progressBytes);
      byte[] signed =
          store.publish(bearer, titleId, ManifestCodec.encode(encrypted.manifest()), encrypted.key().toBase64(), sourceDigest);
      Manifest manifest = ManifestSigner.verify(signed, storeKeys);
      if (!manifest.equals(encrypted.manifest())) {
        throw new IOException("the store signed a different manifest than the one sent");
      }
      return origin.adopt(manifest, signed, staging);
    } catch (ManifestException untrusted) {
      throw new IOException("the store's signed manifest does not verify: " + untrusted.getMessage(), untrusted);
    } finally {
      Files.deleteIfExists(staging);
    }
  }
}
