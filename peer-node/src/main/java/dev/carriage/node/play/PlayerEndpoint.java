package dev.carriage.node.play;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.carriage.node.net.LocalHttp;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Titles on a local HTTP address while they download, for mpv, VLC or a browser: byte ranges,
 * each read waiting for the verified piece under it and moving the download's playhead there.
 *
 * <p>Only this machine can reach it: it listens on the loopback address alone, refuses a
 * request from any other address, and takes only a {@code Host} of the loopback address and its
 * own port (a web page elsewhere cannot reach it through a name it points at 127.0.0.1). Every
 * path starts with a random token, printed only to the user; without it the answer is 404.
 *
 * <p>Paths under {@code /TOKEN/NAME/} (a title's id): {@code title} is the whole title; an
 * album (an archive of tracks) also has {@code tracks.m3u}, a playlist a player plays track by
 * track, and {@code track/N}, each track's bytes. A title of one file is its own only track, so
 * a web player can always play {@code track/1} and go on to the next until there is none.
 */
public final class PlayerEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PlayerEndpoint.class.getName());
  /** How long a read waits for its piece before the player's connection is dropped (it retries). */
  static final Duration PIECE_PATIENCE = Duration.ofSeconds(60);
  /** Readers waiting for pieces at once; a player uses one or two connections. */
  static final int READERS_MAX = 8;
  private static final int CHUNK = 64 * 1024;
  private static final int DESCRIBED_MAX = 64;
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

  /** What a name plays, if anything: asked at each request, as titles come and go. */
  private final Function<String, Optional<Playable>> titles;
  private final String token;
  private final HttpServer server;
  private final ExecutorService readers = Executors.newFixedThreadPool(READERS_MAX, runnable -> {
    Thread thread = new Thread(runnable, "player-reader");
    thread.setDaemon(true);
    return thread;
  });
  /** What was read of each title's first bytes (its tracks, its type); a few titles, cleared when it grows past a bound. */
  private final Map<Playable, Described> described = new ConcurrentHashMap<>();

  private record Described(List<Tracks.Track> tracks, String type) {}

  private PlayerEndpoint(Function<String, Optional<Playable>> titles, String token, int port) throws IOException {
    this.titles = titles;
    this.token = token;
    this.server = LocalHttp.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", this::handle);
    server.setExecutor(readers);
  }

  /** Starts serving the titles {@code titles} names on a free loopback port (or {@code port}), with a fresh random token. */
  public static PlayerEndpoint start(Function<String, Optional<Playable>> titles, int port) throws IOException {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    PlayerEndpoint endpoint = new PlayerEndpoint(titles, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), port);
    endpoint.server.start();
    return endpoint;
  }

  /** Serves one title under {@code name}. */
  public static PlayerEndpoint start(String name, Playable title, int port) throws IOException {
    Optional<Playable> only = Optional.of(title);
    return start(asked -> asked.equals(name) ? only : Optional.empty(), port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where every title is, token included: {@code BASE + name + "/title"} and so on. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/" + token + "/";
  }

  /** A title's address: what to give a player. */
  public String titleUrl(String name) {
    return baseUrl() + name + "/title";
  }

  /** The playlist's address for an album; the title's otherwise. Reads the title's first piece to tell. */
  public String playUrl(String name) throws IOException {
    Playable title = titles.apply(name).orElseThrow(() -> new IOException("no title " + name + " to play"));
    return describe(title).tracks().isEmpty() ? titleUrl(name) : baseUrl() + name + "/tracks.m3u";
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
      String[] parts = path.substring(prefix.length()).split("/", 2);
      Optional<Playable> found = parts.length == 2 && NAME.matcher(parts[0]).matches() ? titles.apply(parts[0]) : Optional.empty();
      if (found.isEmpty()) {
        reply(exchange, 404, "no such title here" + (parts.length == 2 ? ": " + parts[0] : ""));
        return;
      }
      Playable title = found.get();
      String rest = parts[1];
      Described about = describe(title);
      Optional<Tracks.Track> track = rest.startsWith("track/") ? track(about, title, rest.substring("track/".length())) : Optional.empty();
      if (rest.equals("title")) {
        serve(exchange, title, 0, title.size(), about.type());
      } else if (rest.equals("tracks.m3u") && !about.tracks().isEmpty()) {
        playlist(exchange, parts[0], about);
      } else if (track.isPresent()) {
        serve(exchange, title, track.get().offset(), track.get().length(), trackType(title, track.get()));
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
  private void serve(HttpExchange exchange, Playable title, long offset, long length, String type)
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
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(count)); // what a GET would bring
    }
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
      position += title.read(position, buffer, PIECE_PATIENCE);
      body.write(buffer.array(), 0, buffer.position());
    }
    body.flush();
  }

  private void playlist(HttpExchange exchange, String name, Described about) throws IOException {
    StringBuilder m3u = new StringBuilder("#EXTM3U\n");
    for (Tracks.Track track : about.tracks()) {
      m3u.append("#EXTINF:-1,").append(track.name().replaceAll("[\\r\\n]", " ")).append('\n')
          .append(baseUrl()).append(name).append("/track/").append(track.number()).append('/')
          .append(URLEncoder.encode(track.name(), StandardCharsets.UTF_8).replace("+", "%20")).append('\n');
    }
    byte[] body = m3u.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "audio/x-mpegurl; charset=utf-8");
    exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(body);
    }
  }

  /** {@code N} or {@code N/any-name} (the name is only for the player's display); a title of one file is its own track 1. */
  private static Optional<Tracks.Track> track(Described about, Playable title, String numberAndName) {
    String number = numberAndName.contains("/") ? numberAndName.substring(0, numberAndName.indexOf('/')) : numberAndName;
    if (!number.matches("[1-9]\\d{0,3}")) {
      return Optional.empty();
    }
    int wanted = Integer.parseInt(number);
    if (about.tracks().isEmpty()) {
      return wanted == 1 ? Optional.of(new Tracks.Track(1, "title", 0, title.size())) : Optional.empty();
    }
    return about.tracks().stream().filter(track -> track.number() == wanted).findFirst();
  }

  /** The title's tracks and type, read from its first bytes once. */
  private Described describe(Playable title) throws IOException {
    Described known = described.get(title);
    if (known == null) {
      ByteBuffer first = readAt(title, 0, (int) Math.min(512, title.size()));
      List<Tracks.Track> tracks = Tracks.isArchive(first) ? Tracks.list((position, into) -> readFully(title, position, into), title.size())
          : List.of();
      known = new Described(tracks, tracks.isEmpty() ? MediaType.of(first) : "application/x-tar");
      if (described.size() >= DESCRIBED_MAX) {
        described.clear();
      }
      described.put(title, known);
    }
    return known;
  }

  private String trackType(Playable title, Tracks.Track track) throws IOException {
    return MediaType.of(readAt(title, track.offset(), (int) Math.min(16, track.length())));
  }

  private static ByteBuffer readAt(Playable title, long position, int length) throws IOException {
    ByteBuffer into = ByteBuffer.allocate(length);
    readFully(title, position, into);
    return into.flip();
  }

  private static void readFully(Playable title, long position, ByteBuffer into) throws IOException {
    long at = position;
    try {
      while (into.hasRemaining()) {
        at += title.read(at, into, PIECE_PATIENCE);
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
