package dev.carriage.node.play;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * A title on a local HTTP address while it downloads, for mpv, VLC or a browser: byte ranges,
 * each read waiting for the verified piece under it and moving the download's playhead there.
 *
 * <p>Only this machine can reach it: it listens on the loopback address alone, refuses a
 * request from any other address, and takes only a {@code Host} of the loopback address and its
 * own port (a web page elsewhere cannot reach it through a name it points at 127.0.0.1). Every
 * path starts with a random token, printed only to the user; without it the answer is 404.
 *
 * <p>Paths under {@code /TOKEN/}: {@code title} is the whole title; an album (an archive of
 * tracks) also has {@code tracks.m3u}, a playlist a player plays track by track, and
 * {@code track/N}, each track's bytes.
 */
public final class PlayerEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PlayerEndpoint.class.getName());
  /** How long a read waits for its piece before the player's connection is dropped (it retries). */
  static final Duration PIECE_PATIENCE = Duration.ofSeconds(60);
  /** Readers waiting for pieces at once; a player uses one or two connections. */
  static final int READERS_MAX = 8;
  private static final int CHUNK = 64 * 1024;

  private final StreamedContent content;
  private final String token;
  private final HttpServer server;
  private final ExecutorService readers = Executors.newFixedThreadPool(READERS_MAX, runnable -> {
    Thread thread = new Thread(runnable, "player-reader");
    thread.setDaemon(true);
    return thread;
  });
  private volatile List<Tracks.Track> tracks;
  private volatile String titleType;

  private PlayerEndpoint(StreamedContent content, String token, int port) throws IOException {
    this.content = content;
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", this::handle);
    server.setExecutor(readers);
  }

  /** Starts serving on a free loopback port (or {@code port}), with a fresh random token. */
  public static PlayerEndpoint start(StreamedContent content, int port) throws IOException {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    PlayerEndpoint endpoint = new PlayerEndpoint(content, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), port);
    endpoint.server.start();
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The title's address, token included: what to give a player. */
  public String titleUrl() {
    return base() + "title";
  }

  /** The playlist's address for an album; the title's otherwise. Reads the first piece to tell. */
  public String playUrl() throws IOException {
    return tracks().isEmpty() ? titleUrl() : base() + "tracks.m3u";
  }

  private String base() {
    return "http://127.0.0.1:" + port() + "/" + token + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress() || !ownHost(exchange.getRequestHeaders().getFirst("Host"))) {
        reply(exchange, 403, "this player endpoint answers only this machine, at 127.0.0.1:" + port());
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      String prefix = "/" + token + "/";
      if (!path.startsWith(prefix)) {
        reply(exchange, 404, "no such address (the player's address carries its token)");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, method + " is not served here; GET or HEAD");
        return;
      }
      String rest = path.substring(prefix.length());
      if (rest.equals("title")) {
        serve(exchange, 0, content.size(), titleType());
      } else if (rest.equals("tracks.m3u") && !tracks().isEmpty()) {
        playlist(exchange);
      } else if (rest.startsWith("track/") && track(rest.substring("track/".length())).isPresent()) {
        Tracks.Track track = track(rest.substring("track/".length())).get();
        serve(exchange, track.offset(), track.length(), trackType(track));
      } else {
        reply(exchange, 404, "no such address: " + rest);
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | IOException dropped) {
      // A player that goes away mid-range, or a piece that did not come in time: the player retries.
      LOG.log(System.Logger.Level.DEBUG, "Player connection dropped: {0}", dropped.getMessage());
    }
  }

  private boolean ownHost(String host) {
    return host != null && (host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()));
  }

  /** Answers a range (or the whole) of {@code length} bytes that start at {@code offset} in the title. */
  private void serve(HttpExchange exchange, long offset, long length, String type)
      throws IOException, InterruptedException, TimeoutException {
    ByteRange range;
    try {
      range = ByteRange.parse(exchange.getRequestHeaders().getFirst("Range"), length).orElse(null);
    } catch (ByteRange.Unsatisfiable unsatisfiable) {
      exchange.getResponseHeaders().set("Content-Range", "bytes */" + length);
      reply(exchange, 416, "cannot give " + unsatisfiable.getMessage());
      return;
    }
    long first = range == null ? 0 : range.first();
    long count = range == null ? length : range.length();
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (range != null) {
      exchange.getResponseHeaders().set("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + length);
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(range == null ? 200 : 206, head ? -1 : count);
    if (head) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    OutputStream body = exchange.getResponseBody();
    long position = offset + first;
    long end = position + count;
    while (position < end) {
      buffer.clear().limit((int) Math.min(CHUNK, end - position));
      position += content.read(position, buffer, PIECE_PATIENCE);
      body.write(buffer.array(), 0, buffer.position());
    }
    body.flush();
  }

  private void playlist(HttpExchange exchange) throws IOException {
    StringBuilder m3u = new StringBuilder("#EXTM3U\n");
    for (Tracks.Track track : tracks()) {
      m3u.append("#EXTINF:-1,").append(track.name().replaceAll("[\\r\\n]", " ")).append('\n')
          .append(base()).append("track/").append(track.number()).append('/')
          .append(URLEncoder.encode(track.name(), StandardCharsets.UTF_8).replace("+", "%20")).append('\n');
    }
    byte[] body = m3u.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "audio/x-mpegurl; charset=utf-8");
    exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(body);
    }
  }

  /** {@code N} or {@code N/any-name}: the name is only for the player's display. */
  private Optional<Tracks.Track> track(String numberAndName) throws IOException {
    String number = numberAndName.contains("/") ? numberAndName.substring(0, numberAndName.indexOf('/')) : numberAndName;
    if (!number.matches("[1-9]\\d{0,3}")) {
      return Optional.empty();
    }
    int wanted = Integer.parseInt(number);
    return tracks().stream().filter(track -> track.number() == wanted).findFirst();
  }

  private List<Tracks.Track> tracks() throws IOException {
    List<Tracks.Track> known = tracks;
    if (known == null) {
      ByteBuffer first = readAt(0, (int) Math.min(512, content.size()));
      known = Tracks.isArchive(first) ? Tracks.list(this::readFully, content.size()) : List.of();
      tracks = known;
    }
    return known;
  }

  private String titleType() throws IOException {
    String known = titleType;
    if (known == null) {
      known = tracks().isEmpty() ? MediaType.of(readAt(0, (int) Math.min(16, content.size()))) : "application/x-tar";
      titleType = known;
    }
    return known;
  }

  private String trackType(Tracks.Track track) throws IOException {
    return MediaType.of(readAt(track.offset(), (int) Math.min(16, track.length())));
  }

  private ByteBuffer readAt(long position, int length) throws IOException {
    ByteBuffer into = ByteBuffer.allocate(length);
    readFully(position, into);
    return into.flip();
  }

  private void readFully(long position, ByteBuffer into) throws IOException {
    long at = position;
    try {
      while (into.hasRemaining()) {
        at += content.read(at, into, PIECE_PATIENCE);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the title's bytes at " + at, interrupted);
    } catch (TimeoutException late) {
      throw new IOException(late.getMessage(), late);
    }
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    readers.shutdownNow();
  }
}
