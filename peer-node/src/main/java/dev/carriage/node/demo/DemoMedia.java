package dev.carriage.node.demo;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Media for the demo catalog that actually plays, made on this machine without a network: a
 * tune (WAV), an album of tunes (a ustar archive of WAVs, played track by track), a short
 * animated film (Motion-JPEG AVI). Sizes stay small: about 1 MB a track, 2 MB a film.
 */
public final class DemoMedia {

  public enum Kind { TRACK, ALBUM, FILM }

  private DemoMedia() {}

  public static void write(Kind kind, String title, Path file) throws IOException {
    long seed = title.hashCode();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      switch (kind) {
        case TRACK -> Tone.writeWav(out, 24, seed);
        case ALBUM -> {
          for (int track = 1; track <= 3; track++) {
            ByteArrayOutputStream wav = new ByteArrayOutputStream();
            Tone.writeWav(wav, 16, seed + track);
            Ustar.entry(out, String.format("%02d %s, part %d.wav", track, title, track), wav.toByteArray());
          }
          Ustar.end(out);
        }
        case FILM -> MjpegAvi.write(out, title, 480, 270, 15, 12);
        default -> throw new IllegalArgumentException(kind.toString());
      }
    }
  }
}
