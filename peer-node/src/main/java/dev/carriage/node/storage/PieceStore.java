package dev.carriage.node.storage;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.manifest.ManifestSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every title this node holds, under {@code <data>/titles/<title id>/}. A disk quota bounds the
 * bytes of held pieces; when a new title needs room, the least recently used titles that are
 * not in use go first.
 */
public final class PieceStore implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PieceStore.class.getName());

  private final Path root;
  private final Map<UUID, StoredTitle> titles = new ConcurrentHashMap<>();
  private final Set<UUID> pinned = ConcurrentHashMap.newKeySet();

  private PieceStore(Path root) {
    this.root = root;
  }

  /** Opens the store, keeping titles whose manifest the store's keys still verify. */
  public static PieceStore open(Path dataDirectory, Function<String, PublicKey> storeKeys) throws IOException {
    PieceStore store = new PieceStore(Files.createDirectories(dataDirectory.resolve("titles")));
    store.rescan(storeKeys);
    return store;
  }

  /** Picks up titles placed in the data directory by another process (the publish command). */
  public synchronized void rescan(Function<String, PublicKey> storeKeys) throws IOException {
    PieceStore store = this;
    try (Stream<Path> directories = Files.list(root)) {
      for (Path directory : directories.filter(Files::isDirectory).toList()) {
        if (titles.values().stream().anyMatch(title -> title.directory().equals(directory))) {
          continue;
        }
        try {
          byte[] signed = Files.readAllBytes(directory.resolve(StoredTitle.MANIFEST));
          Manifest manifest = ManifestSigner.verify(signed, storeKeys);
          byte[] bits = Files.exists(directory.resolve(StoredTitle.HELD)) ? Files.readAllBytes(directory.resolve(StoredTitle.HELD)) : new byte[0];
          store.titles.put(manifest.titleId(), new StoredTitle(directory, manifest, signed, BitSet.valueOf(bits)));
        } catch (ManifestException | IOException unusable) {
          LOG.log(System.Logger.Level.WARNING, "Ignoring {0}: {1}", directory, unusable.getMessage());
        }
      }
    }
  }

  /** Where new content is prepared, on the same disk so it can be moved into place. */
  public Path stagingDirectory() throws IOException {
    return Files.createDirectories(root.resolveSibling("staging"));
  }

  public Optional<StoredTitle> get(UUID titleId) {
    return Optional.ofNullable(titles.get(titleId));
  }

  public Collection<StoredTitle> titles() {
    return List.copyOf(titles.values());
  }

  /**
   * The title's entry for this manifest: the existing one when it holds the same content, else a
   * new, empty one (content that changed replaces the old pieces).
   */
  public synchronized StoredTitle create(Manifest manifest, byte[] signedManifest) throws IOException {
    StoredTitle existing = titles.get(manifest.titleId());
    if (existing != null && existing.manifest().merkleRoot().matches(manifest.merkleRoot())) {
      return existing;
    }
    if (existing != null) {
      remove(manifest.titleId());
    }
    Path directory = Files.createDirectories(root.resolve(manifest.titleId().toString()));
    Files.write(directory.resolve(StoredTitle.MANIFEST), signedManifest);
    Files.deleteIfExists(directory.resolve(StoredTitle.HELD));
    StoredTitle title = new StoredTitle(directory, manifest, signedManifest, new BitSet());
    titles.put(manifest.titleId(), title);
    return title;
  }

  /**
   * Takes in a complete stored content file made by the publisher (the origin's way of getting
   * content): moves it into place and checks every piece before marking it held.
   */
  public synchronized StoredTitle adopt(Manifest manifest, byte[] signedManifest, Path storedContent) throws IOException {
    // Assembled beside the store and moved in whole, so a daemon scanning the store never sees half a title.
    Path assembly = Files.createTempDirectory(stagingDirectory(), manifest.titleId() + "-");
    Files.write(assembly.resolve(StoredTitle.MANIFEST), signedManifest);
    Files.move(storedContent, assembly.resolve(StoredTitle.CONTENT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    BitSet all = new BitSet();
    all.set(0, manifest.pieceCount());
    Files.write(assembly.resolve(StoredTitle.HELD), all.toByteArray());
    StoredTitle check = new StoredTitle(assembly, manifest, signedManifest, (BitSet) all.clone());
    int bad = check.reverify();
    check.close();
    if (bad > 0) {
      throw new IOException(bad + " pieces of title " + manifest.titleId() + " do not match their manifest");
    }
    if (titles.containsKey(manifest.titleId())) {
      remove(manifest.titleId());
    }
    Path directory = root.resolve(manifest.titleId().toString());
    deleteRecursively(directory);
    Files.move(assembly, directory, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    StoredTitle title = new StoredTitle(directory, manifest, signedManifest, all);
    titles.put(manifest.titleId(), title);
    return title;
  }

  /** A title in use (being downloaded or seeded by request) is never evicted. */
  public void pin(UUID titleId) {
    pinned.add(titleId);
  }

  public void unpin(UUID titleId) {
    pinned.remove(titleId);
  }

  public long heldBytes() {
    return titles.values().stream().mapToLong(StoredTitle::heldBytes).sum();
  }

  /** Removes least recently used, unpinned titles until held bytes fit the quota; returns those removed. */
  public synchronized List<UUID> enforceQuota(long quotaBytes) {
    List<UUID> evicted = new ArrayList<>();
    if (quotaBytes <= 0) {
      return evicted;
    }
    List<StoredTitle> byAge = titles.values().stream().sorted(Comparator.comparing(StoredTitle::lastUsed)).toList();
    long held = heldBytes();
    for (StoredTitle title : byAge) {
      if (held <= quotaBytes) {
        break;
      }
      UUID id = title.manifest().titleId();
      if (pinned.contains(id)) {
        continue;
      }
      held -= title.heldBytes();
      remove(id);
      evicted.add(id);
      LOG.log(System.Logger.Level.INFO, "Evicted title {0} to stay within the disk quota of {1} bytes", id, quotaBytes);
    }
    return evicted;
  }

  private void remove(UUID titleId) {
    StoredTitle title = titles.remove(titleId);
    if (title == null) {
      return;
    }
    try {
      title.close();
      deleteRecursively(title.directory());
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (StoredTitle title : titles.values()) {
      title.saveLastUsed();
      title.close();
    }
  }
}
