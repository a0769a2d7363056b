package dev.carriage.node.play;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** A title downloaded whole: read straight from its file. */
public final class WholeFile implements Playable, AutoCloseable {

  private final FileChannel file;
  private final long size;

  public WholeFile(Path path) throws IOException {
    this.file = FileChannel.open(path, StandardOpenOption.READ);
    this.size = file.size();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, ByteBuffer into, Duration patience) throws IOException {
    int read = file.read(into, position);
    if (read <= 0) {
      throw new IOException("the file ends at " + position + " of " + size + " bytes");
    }
    return read;
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }
}
