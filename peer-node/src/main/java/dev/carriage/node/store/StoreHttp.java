package dev.carriage.node.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One request to the store and its answer, over {@link HttpURLConnection}. Not
 * {@code java.net.http.HttpClient}: on a cold start that costs half a second before its first
 * answer (it builds a TLS context even for plain http, starts a selector thread, and loads its
 * reactive plumbing), which a cold {@code play} would wait for; the store's API is a handful of
 * small request-answer exchanges, which this does in a tenth of that (measured on loopback), with
 * keep-alive connections reused across calls and threads all the same.
 */
final class StoreHttp {

  /** What came back: the status and the body as text. */
  record Answer(int status, String body) {}

  /** A store answer past this is not one (the largest, a title's manifest, is a few MB). */
  static final int ANSWER_BYTES_MAX = 64 << 20;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private StoreHttp() {}

  /** {@code method} is GET, POST, PUT or DELETE; {@code body} may be null. */
  static Answer send(URI uri, String method, Map<String, String> headers, byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setRequestMethod(method);
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
    headers.forEach(connection::setRequestProperty);
    if (body == null && (method.equals("POST") || method.equals("PUT"))) {
      body = new byte[0]; // said as a length of 0, as a POST without one reads oddly to some servers
    }
    if (body != null) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    // Read to the end either way, so the connection goes back to the keep-alive pool.
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      return new Answer(status, in == null ? "" : readBounded(in, uri));
    }
  }

  private static String readBounded(InputStream in, URI uri) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] chunk = new byte[16 << 10];
    for (int read; (read = in.read(chunk)) >= 0; ) {
      if (answer.size() + read > ANSWER_BYTES_MAX) {
        throw new IOException("the answer from " + uri.getPath() + " is larger than " + (ANSWER_BYTES_MAX >> 20) + " MB");
      }
      answer.write(chunk, 0, read);
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
