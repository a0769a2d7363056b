package dev.carriage.store.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Which store owns an embedded database directory: an operating-system file lock that the store
 * holds for as long as its process lives, and that the system releases however the process ends
 * (exit, crash, {@code kill -9}). A second store on the same directory is refused at once, told
 * which process holds it; a store that gets the lock knows no live store uses the directory, so
 * any PostgreSQL still running on it was left behind by a store that died.
 */
final class DataDirectoryLock implements AutoCloseable {

  private static final String STOPPED = "stopped cleanly";

  private final FileChannel channel;
  private final FileLock lock;
  private final String previous;

  private DataDirectoryLock(FileChannel channel, FileLock lock, String previous) {
    this.channel = channel;
    this.lock = lock;
    this.previous = previous;
  }

  /** The store before this one ended without stopping (it crashed or was killed): who it was; empty after a clean stop or on first use. */
  java.util.Optional<String> previousEndedUncleanly() {
    return previous.isEmpty() || previous.startsWith(STOPPED) ? java.util.Optional.empty() : java.util.Optional.of(previous);
  }

  /** Takes the lock of {@code directory}, or throws {@link InUseException} naming its holder. */
  static DataDirectoryLock take(Path directory) {
    Path file = directory.resolve("store.lock");
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = read(channel);
        channel.close();
        throw new InUseException("the embedded database in " + directory + " is in use by another store (" + holder
            + "); stop that store first, or give this one its own CARRIAGE_HOME");
      }
      // Read through the locked channel: opening the file again and closing it would drop the POSIX lock.
      String previous = read(channel);
      write(channel, "process " + ProcessHandle.current().pid() + ", since " + Instant.now());
      return new DataDirectoryLock(channel, lock, previous);
    } catch (IOException unusable) {
      throw new UncheckedIOException("could not lock " + file, unusable);
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer content = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    channel.read(content, 0);
    return new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
  }

  private static void write(FileChannel channel, String text) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  /** Marks a clean stop (the next start then knows there was no crash) and lets go. */
  @Override
  public void close() {
    try {
      write(channel, STOPPED + " at " + Instant.now() + " by process " + ProcessHandle.current().pid());
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the process is ending; the system releases the lock anyway
    }
  }

  /** The directory belongs to a store that is running. */
  static final class InUseException extends IllegalStateException {
    InUseException(String message) {
      super(message);
    }
  }
}
