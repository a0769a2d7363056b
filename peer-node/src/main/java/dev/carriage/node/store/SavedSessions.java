package dev.carriage.node.store;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sessions the command line stays signed in with between runs, as a store's desktop client
 * does: one token per store and account, in a file only its owner can read. Signing in is the
 * store's deliberately slow password check (Argon2id, a sixth of a second of its CPU), which a
 * cold {@code play} would otherwise wait for at every start; a kept token is used only after the
 * store says it still speaks for that account ({@code GET /api/me}), and is replaced by a fresh
 * sign-in when it does not (expired, or the store's keys changed).
 */
public final class SavedSessions {

  private final Path directory;

  public SavedSessions(Path directory) {
    this.directory = directory;
  }

  /** A token the store still takes for {@code email}, else a fresh sign-in's, kept for the next run. */
  public String signIn(StoreApi api, String email, String password) {
    Optional<String> kept = read(api.base(), email).filter(token -> api.speaksFor(token, email));
    if (kept.isPresent()) {
      return kept.get();
    }
    if (password == null) {
      throw new IllegalArgumentException("no session is kept for " + email + " at " + api.base() + ": sign in with --password"
          + " (or CARRIAGE_PASSWORD)");
    }
    String token = api.login(email, password);
    write(api.base(), email, token);
    return token;
  }

  private Optional<String> read(URI store, String email) {
    try {
      Path file = fileFor(store, email);
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(t -> !t.isEmpty())
          : Optional.empty();
    } catch (IOException unreadable) {
      return Optional.empty(); // signing in again is the answer to a session that cannot be read
    }
  }

  /** Written whole (a temporary file moved into place), readable by its owner only. */
  private void write(URI store, String email, String token) {
    try {
      if (!Files.isDirectory(directory)) {
        try {
          Files.createDirectories(directory.getParent());
          Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
          // another run made it first
        }
      }
      Path temporary = Files.createTempFile(directory, "session-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, token, StandardCharsets.UTF_8);
      try {
        Files.move(temporary, fileFor(store, email), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException notHere) {
        Files.move(temporary, fileFor(store, email), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UnsupportedOperationException unwritable) {
      // Not kept: the next run signs in again, which is all a kept session saves.
    }
  }

  /** One file per store and account, named by a digest of both, so neither shows in a directory listing. */
  private Path fileFor(URI store, String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((store.toString() + "\n" + email).getBytes(StandardCharsets.UTF_8));
      return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".token");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
