package dev.carriage.store.launch;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * A media player's reading, modelled: it reads a title in order from one open-ended HTTP range
 * ({@code bytes=N-}, as mpv and media elements ask), at most {@link #AHEAD_SECONDS} of playing
 * time ahead of its playhead, and a seek asks again from the seek point. Playback starts once
 * one second of media is in, then the playhead moves at the bitrate; reaching the end of what is
 * in is a stall, and playing resumes once another second is in. Optionally it seeks once, and
 * counts the time until a second after the seek point is in.
 * Runs as its own JVM inside the client's network namespace (the player endpoint answers the
 * loopback address only), with nothing but the JDK, started and warmed before {@code play} is
 * launched, as an open player or browser tab is: {@code java -cp test-classes
 * dev.carriage.store.launch.StreamPlayer BYTES_PER_SECOND PLAY_SECONDS SEEK_AT_SECONDS
 * SEEK_TO_FRACTION}, then the title's address on its standard input. It prints {@code ready}
 * once warm, and last {@code player: start_s=.. stalls=.. stalled_s=.. played_s=.. seek_s=..
 * first_second_at=..}, the last the {@link System#nanoTime} (CLOCK_MONOTONIC on Linux, one clock
 * for every process of the machine) when its first second was in.
 */
public final class StreamPlayer {

  private static final double AHEAD_SECONDS = 10;
  private static final long TICK_NANOS = 10_000_000;

  private final String url;
  private final long bitrate;
  private final long size;
  /** Where the bytes in hand start (the last seek point), and how many in a row are in from there. */
  private long bufferStart;
  private long bufferedTo;
  private long generation;
  /** Where playing has got to: the fetcher stays at most {@link #AHEAD_SECONDS} ahead of it. */
  private long playhead;

  private StreamPlayer(String url, long bitrate, long size) {
    this.url = url;
    this.bitrate = bitrate;
    this.size = size;
  }

  public static void main(String[] args) throws Exception {
    long bitrate = Long.parseLong(args[0]);
    double playSeconds = Double.parseDouble(args[1]);
    double seekAt = Double.parseDouble(args[2]);
    double seekTo = Double.parseDouble(args[3]);
    HttpClient http = HttpClient.newHttpClient();
    warmUp(http);
    System.out.println("ready");
    String url = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
    long started = System.nanoTime();
    // One open-ended range, as mpv and media elements ask; its Content-Range ("bytes 0-N/SIZE") tells the size.
    HttpResponse<InputStream> first = http.send(from(url, 0), HttpResponse.BodyHandlers.ofInputStream());
    String range = first.headers().firstValue("Content-Range").orElseThrow();
    long size = Long.parseLong(range.substring(range.indexOf('/') + 1));
    StreamPlayer player = new StreamPlayer(url, bitrate, size);
    Thread fetcher = new Thread(() -> player.fetch(http, first), "fetch");
    fetcher.setDaemon(true);
    fetcher.start();
    player.play(started, playSeconds, seekAt, seekTo);
  }

  private static HttpRequest from(String url, long offset) {
    return HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=" + offset + "-").build();
  }

  /**
   * Range requests to a server of its own, each bringing a few MiB read as {@link #fetch} reads,
   * so that the client's first request to the title is not its first ever and its reading runs
   * compiled: a player's HTTP input (mpv's, a browser's) is native code, already running. Warmed
   * with one-byte bodies only, this JVM's first 2 MB took a tenth of a second longer to read
   * than the endpoint took to write them (seen in a trace of the bench).
   */
  private static void warmUp(HttpClient http) throws Exception {
    int length = 8 << 20;
    byte[] chunk = new byte[64 * 1024];
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Range", "bytes 0-" + (length - 1) + "/" + length);
      exchange.sendResponseHeaders(206, length);
      try (var body = exchange.getResponseBody()) {
        for (int sent = 0; sent < length; sent += chunk.length) {
          body.write(chunk);
        }
      }
    });
    server.start();
    try {
      byte[] sink = new byte[64 * 1024];
      for (int i = 0; i < 4; i++) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
            .header("Range", "bytes=0-").build();
        try (InputStream body = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
          while (body.read(sink) > 0) {
            // read as fetch reads
          }
        }
      }
    } finally {
      server.stop(0);
    }
  }

  private void play(long started, double playSeconds, double seekAt, double seekTo) throws InterruptedException {
    long second = bitrate;
    awaitBuffered(0, second);
    long firstSecondAt = System.nanoTime();
    double startSeconds = (firstSecondAt - started) / 1e9;
    int stalls = 0;
    long stalledNanos = 0;
    double seekSeconds = -1;
    long playedNanos = 0;
    long last = System.nanoTime();
    while (playedNanos < playSeconds * 1e9 && playhead() < size) {
      Thread.sleep(TICK_NANOS / 1_000_000); // the player's clock
      long now = System.nanoTime();
      long step = (long) ((now - last) / 1e9 * bitrate);
      last = now;
      if (seekAt >= 0 && seekSeconds < 0 && playedNanos >= seekAt * 1e9) {
        long target = (long) (size * seekTo);
        long seekStarted = System.nanoTime();
        seek(target);
        awaitBuffered(target, second);
        seekSeconds = (System.nanoTime() - seekStarted) / 1e9;
        last = System.nanoTime();
        continue;
      }
      long available;
      long at;
      synchronized (this) {
        available = bufferedTo;
        at = playhead;
      }
      if (at + step > available && available < size) {
        stalls++;
        long stallStarted = System.nanoTime();
        awaitBuffered(at, second);
        stalledNanos += System.nanoTime() - stallStarted;
        last = System.nanoTime();
        continue;
      }
      synchronized (this) {
        playhead = Math.min(size, playhead + step);
        notifyAll();
      }
      playedNanos += (long) (step * 1e9 / bitrate);
    }
    System.out.printf(Locale.ROOT, "player: start_s=%.3f stalls=%d stalled_s=%.3f played_s=%.2f seek_s=%.3f first_second_at=%d%n",
        startSeconds, stalls, stalledNanos / 1e9, playedNanos / 1e9, seekSeconds, firstSecondAt);
    System.exit(0);
  }

  /** Waits until {@code bytes} after {@code from} are in hand (or the title ends). */
  private synchronized void awaitBuffered(long from, long bytes) throws InterruptedException {
    while (!(bufferStart <= from && bufferedTo >= Math.min(size, from + bytes))) {
      wait(10);
    }
  }

  private synchronized long playhead() {
    return playhead;
  }

  private synchronized void seek(long target) {
    bufferStart = target;
    bufferedTo = target;
    playhead = target;
    generation++;
    notifyAll();
  }

  /**
   * Reads the title in order from one open-ended range, as a player's HTTP input does, pausing
   * while it is {@link #AHEAD_SECONDS} ahead of the playhead; a seek drops the connection and
   * asks again from the seek point.
   */
  private void fetch(HttpClient http, HttpResponse<InputStream> opened) {
    byte[] sink = new byte[64 * 1024];
    HttpResponse<InputStream> response = opened;
    long mine = 0;
    while (true) {
      try (InputStream body = response.body()) {
        for (int read; (read = body.read(sink)) > 0; ) {
          synchronized (this) {
            if (generation != mine) {
              break; // a seek: what this range brings is no longer wanted
            }
            bufferedTo += read;
            notifyAll();
          }
          if (!throttle(mine)) {
            break;
          }
        }
      } catch (Exception failed) {
        System.err.println("player: reading failed at " + bufferedTo + ": " + failed.getMessage());
      }
      try {
        long from;
        synchronized (this) {
          while (bufferedTo >= size && generation == mine) {
            wait(50);
          }
          from = bufferedTo;
          mine = generation;
        }
        response = reopen(http, from);
      } catch (InterruptedException stopped) {
        return;
      }
    }
  }

  /** Asks from {@code offset} on, again every 100 ms while the endpoint cannot be reached. */
  private HttpResponse<InputStream> reopen(HttpClient http, long offset) throws InterruptedException {
    while (true) {
      try {
        return http.send(from(url, offset), HttpResponse.BodyHandlers.ofInputStream());
      } catch (java.io.IOException failed) {
        System.err.println("player: asking from " + offset + " failed: " + failed.getMessage());
        Thread.sleep(100);
      }
    }
  }

  /** Waits while what is in hand reaches {@link #AHEAD_SECONDS} of playing time past the playhead; false on a seek. */
  private synchronized boolean throttle(long mine) throws InterruptedException {
    while (bufferedTo - playhead > AHEAD_SECONDS * bitrate && generation == mine) {
      wait(20);
    }
    return generation == mine;
  }
}
