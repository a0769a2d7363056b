package dev.carriage.node.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * A short tune as a WAV file (16-bit mono PCM): notes of a pentatonic scale, picked by a seed,
 * each a few harmonics under a struck envelope. Real audio any player plays, made offline.
 */
final class Tone {

  static final int SAMPLE_RATE = 22_050;
  private static final double[] SCALE = {0, 2, 4, 7, 9, 12, 14, 16};

  private Tone() {}

  static void writeWav(OutputStream out, double seconds, long seed) throws IOException {
    int samples = (int) (seconds * SAMPLE_RATE);
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2)
        .putShort((short) 2).putShort((short) 16);
    header.put("data".getBytes()).putInt(samples * 2);
    out.write(header.array());

    Random random = new Random(seed);
    double root = 196 * Math.pow(2, random.nextInt(5) / 12.0);
    int noteSamples = SAMPLE_RATE / 4;
    ByteBuffer chunk = ByteBuffer.allocate(noteSamples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < samples; start += noteSamples) {
      double frequency = root * Math.pow(2, SCALE[random.nextInt(SCALE.length)] / 12.0);
      chunk.clear();
      for (int i = 0; i < noteSamples && start + i < samples; i++) {
        double t = i / (double) SAMPLE_RATE;
        double envelope = Math.exp(-4 * t) * Math.min(1, t * 200);
        double wave = Math.sin(2 * Math.PI * frequency * t) + 0.4 * Math.sin(4 * Math.PI * frequency * t)
            + 0.15 * Math.sin(6 * Math.PI * frequency * t);
        chunk.putShort((short) (wave / 1.55 * envelope * 0.6 * Short.MAX_VALUE));
      }
      out.write(chunk.array(), 0, chunk.position());
    }
  }
}
