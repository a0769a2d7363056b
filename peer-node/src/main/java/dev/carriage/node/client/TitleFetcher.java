package dev.carriage.node.client;

import dev.carriage.grid.crypto.ContentKey;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.store.DownloadSession;
import dev.carriage.node.store.StoreApi;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code peer-node get}: asks the store for a session (with a fresh ephemeral key that will
 * sign this download's receipts), checks the manifest's signature, and runs the download: into
 * a node's piece store with the decrypted file beside it when the node carries the title, or
 * into the decrypted file alone when it does not.
 */
public final class TitleFetcher {

  private final StoreApi store;
  private final Function<String, PublicKey> storeKeys;
  /** The node's piece store, or null when the buyer does not carry what it fetches. */
  private final PieceStore pieces;

  /** Fetches into {@code pieces}, a carrying node's store, and writes the plain file beside it. */
  public TitleFetcher(StoreApi store, Function<String, PublicKey> storeKeys, PieceStore pieces) {
    this.store = store;
    this.storeKeys = storeKeys;
    this.pieces = java.util.Objects.requireNonNull(pieces, "pieces");
  }

  private TitleFetcher(StoreApi store, Function<String, PublicKey> storeKeys) {
    this.store = store;
    this.storeKeys = storeKeys;
    this.pieces = null;
  }

  /** Fetches into plain files only, each piece written once; an interrupted download resumes from its partial file. */
  public static TitleFetcher toPlainFiles(StoreApi store, Function<String, PublicKey> storeKeys) {
    return new TitleFetcher(store, storeKeys);
  }

  /** A prepared download: start it, or cancel it to simulate an interruption. */
  public Download prepare(String bearer, UUID titleId, Path output, UUID ownNodeId, String region, DownloadProgress progress)
      throws IOException {
    return prepare(bearer, titleId, output, ownNodeId, region, sessionKeys(), progress);
  }

  /** As above, with the session's key pair made beforehand ({@link #sessionKeys}), while signing in, say. */
  public Download prepare(String bearer, UUID titleId, Path output, UUID ownNodeId, String region, KeyPair sessionKeys,
      DownloadProgress progress) throws IOException {
    Download download = prepare(titleId, output, ownNodeId, progress, sessionKeys,
        clientKey -> store.openDownload(bearer, titleId, clientKey, ownNodeId, region));
    return download.refreshSources(() -> store.sources(bearer, download.sessionId(), region));
  }

  /** A send's download ("Send to my node"): the node opens the session with its own token, for its owner. */
  public Download prepareSend(String nodeToken, StoreApi.Send send, Path output, UUID ownNodeId, String region, DownloadProgress progress)
      throws IOException {
    return prepare(send.titleId(), output, ownNodeId, progress, sessionKeys(),
        clientKey -> store.openSend(nodeToken, send.sendId(), clientKey, region));
  }

  /**
   * A download session's own key pair (Ed25519), made fresh for each: the store puts its public
   * half in the tickets, and the handshake proofs and receipts are signed with it.
   */
  public static KeyPair sessionKeys() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private Download prepare(UUID titleId, Path output, UUID ownNodeId, DownloadProgress progress, KeyPair ephemeral,
      java.util.function.Function<String, DownloadSession> open) throws IOException {
    DownloadSession session = open.apply(Base64.getEncoder().encodeToString(ephemeral.getPublic().getEncoded()));
    byte[] signed = Base64.getDecoder().decode(session.manifest());
    Manifest manifest;
    try {
      manifest = ManifestSigner.verify(signed, storeKeys);
    } catch (ManifestException untrusted) {
      throw new IOException("the manifest for title " + titleId + " does not verify: " + untrusted.getMessage(), untrusted);
    }
    if (!manifest.titleId().equals(titleId)) {
      throw new IOException("the store sent the manifest of title " + manifest.titleId() + " for " + titleId);
    }
    String clientName = ownNodeId == null ? "client-" + session.sessionId().toString().substring(0, 8) : ownNodeId.toString();
    ContentKey key = ContentKey.fromBase64(session.contentKey());
    if (pieces == null) {
      return new Download(session, PlainFile.open(output, manifest, key), clientName, ephemeral.getPrivate(), progress).signReceipts();
    }
    StoredTitle target = pieces.create(manifest, signed);
    pieces.pin(titleId);
    return new Download(session, manifest, key, target, output, clientName, ephemeral.getPrivate(), progress).signReceipts();
  }
}
