package dev.carriage.node.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.node.client.PlainFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player endpoint over real sockets, in front of a plain file that a simulated download
 * fills piece by piece from wherever the player last read (as the scheduler's window does):
 * the bytes a player reads, in order or with seeks, are the source file's; an album plays track
 * by track; and only this machine, with the token, gets anything.
 */
class PlayerEndpointTest {

  private static final int PIECE = 16 * 1024;
  private static final String NAME = UUID.randomUUID().toString();

  @TempDir Path directory;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Long> playheads = Collections.synchronizedList(new ArrayList<>());
  private final LinkedBlockingQueue<Long> seeks = new LinkedBlockingQueue<>();
  private PlayerEndpoint endpoint;
  private PlainFile plain;
  private Thread feeder;

  @AfterEach
  void stop() throws InterruptedException {
    if (feeder != null) {
      feeder.interrupt();
      feeder.join();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  /**
   * Encrypts {@code media} as a title and starts the endpoint on an empty plain file; a feeder
   * thread adds verified pieces one at a time, from the piece of the last playhead onwards (and
   * then the rest), a few milliseconds apart, as a download would.
   */
  private void serve(byte[] media) throws IOException {
    Path source = Files.write(directory.resolve("media"), media);
    Path content = directory.resolve("content.bin");
    ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(UUID.randomUUID(), source, content, PIECE, done -> {});
    byte[] stored = Files.readAllBytes(content);
    Manifest manifest = encrypted.manifest();
    plain = PlainFile.open(directory.resolve("title.bin"), manifest, encrypted.key());
    endpoint = PlayerEndpoint.start(NAME, new StreamedContent(plain, offset -> {
      playheads.add(offset);
      seeks.add(offset);
    }), 0);
    feeder = new Thread(() -> {
      int next = 0;
      try {
        while (plain.held().cardinality() < manifest.pieceCount()) {
          Long seek = seeks.poll(3, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (seek != null) {
            next = (int) (seek / PIECE);
          }
          while (plain.holds(next)) {
            next = (next + 1) % manifest.pieceCount();
          }
          int offset = (int) manifest.storedOffset(next);
          plain.addPiece(next, Arrays.copyOfRange(stored, offset, offset + manifest.storedLength(next)));
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }, "feeder");
    feeder.start();
  }

  private HttpResponse<byte[]> get(String url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (range != null) {
      request.header("Range", range);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] media(int size, long seed) {
    byte[] media = new byte[size];
    new Random(seed).nextBytes(media);
    return media;
  }

  @Test
  void rangesReadInOrder_makeTheSourceFile() throws Exception {
    byte[] media = media(20 * PIECE + 777, 1);
    serve(media);

    ByteArrayOutputStream played = new ByteArrayOutputStream();
    int chunk = 50_000; // not a multiple of the piece size: ranges straddle pieces
    for (int first = 0; first < media.length; first += chunk) {
      int last = Math.min(media.length, first + chunk) - 1;
      HttpResponse<byte[]> response = get(endpoint.titleUrl(NAME), "bytes=" + first + "-" + last);
      assertThat(response.statusCode()).isEqualTo(206);
      assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes " + first + "-" + last + "/" + media.length);
      played.write(response.body());
    }

    assertThat(played.toByteArray()).isEqualTo(media);
  }

  @Test
  void seeks_readTheSourceFilesBytesThere_andMoveThePlayhead() throws Exception {
    byte[] media = media(40 * PIECE, 2);
    serve(media);
    Random random = new Random(3);

    for (int seek = 0; seek < 25; seek++) {
      int first = random.nextInt(media.length);
      int last = Math.min(media.length - 1, first + random.nextInt(3 * PIECE));
      HttpResponse<byte[]> response = get(endpoint.titleUrl(NAME), "bytes=" + first + "-" + last);

      assertThat(response.statusCode()).isEqualTo(206);
      assertThat(response.body()).isEqualTo(Arrays.copyOfRange(media, first, last + 1));
      assertThat(playheads).as("the download was told of the seek to %d", first).contains((long) first);
    }
  }

  @Test
  void theWholeTitle_withoutARange_andAnOpenEndedOrSuffixRange() throws Exception {
    byte[] media = media(5 * PIECE + 3, 4);
    serve(media);

    HttpResponse<byte[]> whole = get(endpoint.titleUrl(NAME), null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(whole.body()).isEqualTo(media);
    assertThat(get(endpoint.titleUrl(NAME), "bytes=70000-").body()).isEqualTo(Arrays.copyOfRange(media, 70000, media.length));
    assertThat(get(endpoint.titleUrl(NAME), "bytes=-100").body()).isEqualTo(Arrays.copyOfRange(media, media.length - 100, media.length));
  }

  @Test
  void aRangeTheFileCannotGive_is416_withTheFilesSize() throws Exception {
    byte[] media = media(3 * PIECE, 5);
    serve(media);

    for (String range : List.of("bytes=" + media.length + "-", "bytes=10-5", "bytes=0-1,5-9", "lines=1-2", "bytes=99999999999999999999-")) {
      HttpResponse<byte[]> response = get(endpoint.titleUrl(NAME), range);
      assertThat(response.statusCode()).as(range).isEqualTo(416);
      assertThat(response.headers().firstValue("Content-Range")).as(range).hasValue("bytes */" + media.length);
    }
  }

  @Test
  void withoutItsToken_nothingIsServed() throws Exception {
    byte[] media = media(3 * PIECE, 6);
    serve(media);
    String base = "http://127.0.0.1:" + endpoint.port() + "/";
    String token = endpoint.baseUrl().substring(base.length(), endpoint.baseUrl().length() - 1);

    for (String path : List.of("", NAME + "/title", "x" + token + "/" + NAME + "/title", token.substring(1) + "/" + NAME + "/title",
        token + NAME + "/title", "../" + token + "/" + NAME + "/title", token + "/" + UUID.randomUUID() + "/title", token + "/" + NAME)) {
      HttpResponse<byte[]> response = get(base + path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body().length).as(path).isLessThan(200);
    }
    assertThat(get(endpoint.titleUrl(NAME), null).statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestNamingAnotherHost_isRefused() throws Exception {
    serve(media(3 * PIECE, 7));
    String path = URI.create(endpoint.titleUrl(NAME)).getRawPath();

    for (String host : List.of("evil.example:" + endpoint.port(), "127.0.0.1:1", "127.0.0.1.nip.io:" + endpoint.port())) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).as(host).startsWith("HTTP/1.1 403");
      }
    }
  }

  @Test
  void itListensOnTheLoopbackAddressAlone() throws Exception {
    serve(media(3 * PIECE, 8));
    List<InetAddress> others = NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .toList();
    assertThat(others).as("this machine has an address besides loopback").isNotEmpty();

    for (InetAddress address : others) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, endpoint.port()), 2000);
        }
      }).as(address.toString()).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void anAlbum_playsTrackByTrack_fromItsPlaylist() throws Exception {
    byte[] first = media(3 * PIECE + 100, 9);
    byte[] second = media(PIECE / 2, 10);
    byte[] third = media(5 * PIECE, 11);
    serve(ustar(List.of("01 Intro.wav", "02 Song two.wav", "03 Outro.flac"), List.of(first, second, third)));

    assertThat(endpoint.playUrl(NAME)).endsWith("/tracks.m3u");
    HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(URI.create(endpoint.playUrl(NAME))).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> urls = playlist.body().lines().filter(line -> line.startsWith("http://")).toList();

    assertThat(playlist.body()).startsWith("#EXTM3U").contains("#EXTINF:-1,02 Song two.wav");
    assertThat(urls).hasSize(3);
    assertThat(get(urls.get(0), null).body()).isEqualTo(first);
    assertThat(get(urls.get(1), null).body()).isEqualTo(second);
    assertThat(get(urls.get(2), "bytes=1000-1999").body()).isEqualTo(Arrays.copyOfRange(third, 1000, 2000));
    assertThat(get(urls.get(2).replaceAll("/track/3/.*", "/track/4"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void aTitleOfOneFile_isItsOwnOnlyTrack() throws Exception {
    byte[] media = media(4 * PIECE, 12);
    serve(media);
    String track = endpoint.baseUrl() + NAME + "/track/";

    assertThat(endpoint.playUrl(NAME)).isEqualTo(endpoint.titleUrl(NAME));
    assertThat(get(track + "1", null).body()).isEqualTo(media);
    assertThat(get(track + "2", null).statusCode()).isEqualTo(404);
    assertThat(get(endpoint.baseUrl() + NAME + "/tracks.m3u", null).statusCode()).isEqualTo(404);
  }

  /** A ustar archive, as the ustar format lays it out: a 512-byte header per file, its bytes padded to 512, two zero blocks. */
  private static byte[] ustar(List<String> names, List<byte[]> files) throws IOException {
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    for (int i = 0; i < names.size(); i++) {
      byte[] header = new byte[512];
      byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
      System.arraycopy(name, 0, header, 0, name.length);
      put(header, 100, "0000644\0");
      put(header, 108, "0000000\0");
      put(header, 116, "0000000\0");
      put(header, 124, String.format("%011o\0", files.get(i).length));
      put(header, 136, "00000000000\0");
      header[156] = '0';
      put(header, 257, "ustar\0");
      put(header, 263, "00");
      Arrays.fill(header, 148, 156, (byte) ' ');
      int sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      put(header, 148, String.format("%06o\0 ", sum));
      archive.write(header);
      archive.write(files.get(i));
      archive.write(new byte[(512 - files.get(i).length % 512) % 512]);
    }
    archive.write(new byte[1024]);
    return archive.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
