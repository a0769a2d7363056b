package dev.carriage.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.play.Tracks;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo media is what its format says: checked field by field against the WAV, AVI and ustar layouts. */
class DemoMediaTest {

  @TempDir Path directory;

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String fourcc(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.US_ASCII);
  }

  @Test
  void aTrack_isAPcmWav_ofItsLength() throws Exception {
    Path file = directory.resolve("track.wav");
    DemoMedia.write(DemoMedia.Kind.TRACK, "Copper Wire Blues", file);
    byte[] wav = Files.readAllBytes(file);
    ByteBuffer header = le(wav);

    assertThat(fourcc(wav, 0)).isEqualTo("RIFF");
    assertThat(header.getInt(4)).isEqualTo(wav.length - 8);
    assertThat(fourcc(wav, 8) + fourcc(wav, 12)).isEqualTo("WAVEfmt ");
    assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
    int rate = header.getInt(24);
    int bytesPerSample = header.getShort(32);
    int dataBytes = header.getInt(40);
    assertThat(dataBytes).isEqualTo(wav.length - 44);
    assertThat(dataBytes / (double) (rate * bytesPerSample)).as("seconds").isEqualTo(24.0);
    boolean sound = false;
    for (int at = 44; at < wav.length; at += 2) {
      sound |= Math.abs(header.getShort(at)) > 1000;
    }
    assertThat(sound).as("not silence").isTrue();
  }

  @Test
  void aFilm_isAnAvi_whoseEveryIndexedFrameIsAJpegOfItsSize() throws Exception {
    Path file = directory.resolve("film.avi");
    DemoMedia.write(DemoMedia.Kind.FILM, "Paper Planets", file);
    byte[] avi = Files.readAllBytes(file);
    ByteBuffer bytes = le(avi);

    assertThat(fourcc(avi, 0) + fourcc(avi, 8)).isEqualTo("RIFFAVI ");
    assertThat(bytes.getInt(4)).isEqualTo(avi.length - 8);
    int frames = bytes.getInt(12 + 12 + 8 + 16); // avih: dwTotalFrames
    int width = bytes.getInt(12 + 12 + 8 + 32);
    int height = bytes.getInt(12 + 12 + 8 + 36);
    int movi = indexOf(avi, "movi");
    int idx1 = indexOf(avi, "idx1");
    assertThat(bytes.getInt(idx1 + 4)).isEqualTo(16 * frames);
    for (int frame = 0; frame < frames; frame += 45) {
      int entry = idx1 + 8 + 16 * frame;
      assertThat(fourcc(avi, entry)).isEqualTo("00dc");
      int chunk = movi + bytes.getInt(entry + 8);
      int length = bytes.getInt(entry + 12);
      assertThat(fourcc(avi, chunk)).isEqualTo("00dc");
      var image = ImageIO.read(new ByteArrayInputStream(avi, chunk + 8, length));
      assertThat(image.getWidth()).isEqualTo(width);
      assertThat(image.getHeight()).isEqualTo(height);
    }
    assertThat(frames).isEqualTo(12 * 15);
  }

  @Test
  void anAlbum_isAUstarOfWavTracks_asThePlayerListsThem() throws Exception {
    Path file = directory.resolve("album.tar");
    DemoMedia.write(DemoMedia.Kind.ALBUM, "Night Ferry", file);
    byte[] tar = Files.readAllBytes(file);

    assertThat(Tracks.isArchive(ByteBuffer.wrap(tar, 0, 512))).isTrue();
    List<Tracks.Track> tracks = Tracks.list((position, into) -> into.put(tar, (int) position, into.remaining()), tar.length);

    assertThat(tracks).extracting(Tracks.Track::name)
        .containsExactly("01 Night Ferry, part 1.wav", "02 Night Ferry, part 2.wav", "03 Night Ferry, part 3.wav");
    for (Tracks.Track track : tracks) {
      assertThat(fourcc(tar, (int) track.offset()) + fourcc(tar, (int) track.offset() + 8)).isEqualTo("RIFFWAVE");
      assertThat(le(tar).getInt((int) track.offset() + 4)).isEqualTo(track.length() - 8);
    }
  }

  private static int indexOf(byte[] bytes, String fourcc) {
    for (int at = 0; at + 4 <= bytes.length; at++) {
      if (fourcc(bytes, at).equals(fourcc)) {
        return at;
      }
    }
    throw new AssertionError(fourcc + " not found");
  }
}
