package dev.carriage.node.play;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a buyer's own node can play, by title id: the title it is fetching now (played while it
 * downloads), or one it fetched before, whole under {@code downloads/}. The web library's Play
 * points the browser here.
 */
public final class NodeLibrary implements Function<String, Optional<Playable>>, AutoCloseable {

  private final Path downloads;
  private final Function<UUID, Optional<Playable>> fetchingNow;
  private final Map<UUID, WholeFile> opened = new ConcurrentHashMap<>();

  /** {@code fetchingNow} gives the title being downloaded, if it is that one. */
  public NodeLibrary(Path downloads, Function<UUID, Optional<Playable>> fetchingNow) {
    this.downloads = downloads;
    this.fetchingNow = fetchingNow;
  }

  /** Where a fetched title's decrypted file lies. */
  public static Path fileOf(Path downloads, UUID titleId) {
    return downloads.resolve(titleId + ".bin");
  }

  @Override
  public Optional<Playable> apply(String name) {
    UUID titleId;
    try {
      titleId = UUID.fromString(name);
    } catch (IllegalArgumentException notATitle) {
      return Optional.empty();
    }
    Optional<Playable> downloading = fetchingNow.apply(titleId);
    if (downloading.isPresent()) {
      return downloading;
    }
    WholeFile known = opened.get(titleId);
    if (known != null) {
      return Optional.of(known);
    }
    Path file = fileOf(downloads, titleId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(opened.computeIfAbsent(titleId, id -> {
        try {
          return new WholeFile(file);
        } catch (IOException unreadable) {
          throw new java.io.UncheckedIOException(unreadable);
        }
      }));
    } catch (java.io.UncheckedIOException unreadable) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    opened.values().forEach(WholeFile::close);
    opened.clear();
  }
}
