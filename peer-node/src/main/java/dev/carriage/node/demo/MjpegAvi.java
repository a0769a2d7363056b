package dev.carriage.node.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A short animated film as a Motion-JPEG AVI: frames drawn here (planets circling a sun, the
 * title and a clock), each encoded by the JDK's JPEG writer, in the AVI layout RIFF readers
 * expect (header list, one video stream, the frames as {@code 00dc} chunks, an index). mpv,
 * VLC and ffplay play it; no network, no codec library.
 */
final class MjpegAvi {

  private MjpegAvi() {}

  static void write(OutputStream out, String title, int width, int height, int fps, double seconds) throws IOException {
    int frames = (int) (seconds * fps);
    List<byte[]> jpegs = new ArrayList<>();
    int largest = 0;
    for (int frame = 0; frame < frames; frame++) {
      byte[] jpeg = jpeg(draw(title, width, height, frame / (double) fps));
      jpegs.add(jpeg);
      largest = Math.max(largest, jpeg.length);
    }
    int moviBytes = 4;
    for (byte[] jpeg : jpegs) {
      moviBytes += 8 + padded(jpeg.length);
    }
    int hdrlBytes = 4 + (8 + 56) + (8 + 4 + (8 + 56) + (8 + 40));
    int idxBytes = 16 * frames;
    int riffBytes = 4 + (8 + hdrlBytes) + (8 + moviBytes) + (8 + idxBytes);

    ByteBuffer head = le(12 + 8 + hdrlBytes + 12);
    head.put(ascii("RIFF")).putInt(riffBytes).put(ascii("AVI "));
    head.put(ascii("LIST")).putInt(hdrlBytes).put(ascii("hdrl"));
    head.put(ascii("avih")).putInt(56)
        .putInt(1_000_000 / fps).putInt(largest * fps).putInt(0).putInt(0x10) // has an index
        .putInt(frames).putInt(0).putInt(1).putInt(largest).putInt(width).putInt(height)
        .putInt(0).putInt(0).putInt(0).putInt(0);
    head.put(ascii("LIST")).putInt(4 + (8 + 56) + (8 + 40)).put(ascii("strl"));
    head.put(ascii("strh")).putInt(56).put(ascii("vids")).put(ascii("MJPG")).putInt(0).putShort((short) 0).putShort((short) 0)
        .putInt(0).putInt(1).putInt(fps).putInt(0).putInt(frames).putInt(largest).putInt(-1).putInt(0)
        .putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
    head.put(ascii("strf")).putInt(40).putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
        .put(ascii("MJPG")).putInt(width * height * 3).putInt(0).putInt(0).putInt(0).putInt(0);
    head.put(ascii("LIST")).putInt(moviBytes).put(ascii("movi"));
    out.write(head.array());

    ByteBuffer index = le(8 + idxBytes);
    index.put(ascii("idx1")).putInt(idxBytes);
    int offset = 4; // from the "movi" tag
    for (byte[] jpeg : jpegs) {
      ByteBuffer chunk = le(8);
      chunk.put(ascii("00dc")).putInt(jpeg.length);
      out.write(chunk.array());
      out.write(jpeg);
      if (jpeg.length % 2 == 1) {
        out.write(0);
      }
      index.put(ascii("00dc")).putInt(0x10).putInt(offset).putInt(jpeg.length); // every frame a key frame
      offset += 8 + padded(jpeg.length);
    }
    out.write(index.array());
  }

  private static BufferedImage draw(String title, int width, int height, double t) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(12, 18, 48), 0, height, new Color(40, 20, 70)));
    g.fillRect(0, 0, width, height);
    int cx = width / 2;
    int cy = height / 2;
    g.setColor(new Color(255, 200, 60));
    g.fillOval(cx - 18, cy - 18, 36, 36);
    Color[] colors = {new Color(90, 170, 255), new Color(240, 110, 90), new Color(120, 220, 140)};
    for (int planet = 0; planet < colors.length; planet++) {
      double radius = 40 + planet * 28;
      double angle = t * (1.2 - planet * 0.3) + planet * 2;
      int x = (int) (cx + radius * Math.cos(angle) * 1.6);
      int y = (int) (cy + radius * Math.sin(angle) * 0.6);
      g.setColor(colors[planet]);
      g.fillOval(x - 8 - planet * 2, y - 8 - planet * 2, 16 + planet * 4, 16 + planet * 4);
    }
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 12, 24);
    g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
    g.drawString(String.format("%05.2f s", t), width - 70, height - 10);
    g.dispose();
    return image;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpeg", bytes)) {
      throw new IOException("this JDK has no JPEG writer");
    }
    return bytes.toByteArray();
  }

  private static int padded(int length) {
    return length + (length % 2);
  }

  private static ByteBuffer le(int capacity) {
    return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] ascii(String fourcc) {
    return fourcc.getBytes(StandardCharsets.US_ASCII);
  }
}
