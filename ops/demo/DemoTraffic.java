import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real demo traffic for a local run's first start, through the store's public paths, so the
 * demo accounts' pages show real figures: the demo buyer opens a fan site; a demo listener
 * follows its link, waits past the referral's minimum delay and buys with the sandbox card; both
 * buy and download through the local grid with {@code peer-node get}, so the demo carriers carry
 * and earn, and the publisher sells.
 *
 * <p>Run by ops/run-local.sh as {@code java -cp peer-node/target/peer-node.jar ops/demo/DemoTraffic.java
 * STORE PEER_NODE OUT_DIR} (Jackson comes from peer-node's class path).
 */
public final class DemoTraffic {

  private static final String PASSWORD = "carriage-demo";
  private static final String BUYER = "buyer@demo.carriage.local";
  private static final String LISTENER = "listener@demo.carriage.local";
  private static final String CARD = "4242 4242 4242 4242";

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final URI store;

  private DemoTraffic(URI store) {
    this.store = store;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DemoTraffic STORE_URL PEER_NODE_COMMAND OUT_DIR");
      System.exit(2);
    }
    new DemoTraffic(URI.create(args[0])).run(args[1], Path.of(args[2]));
  }

  private void run(String peerNode, Path out) throws Exception {
    Files.createDirectories(out);
    String buyer = login(BUYER);
    JsonNode site = call("POST", "/api/affiliate/sites", buyer, Map.of("name", "Demo Fan Blog", "url", "https://fans.demo.carriage.local/"), null);
    String code = site.path("code").asText();
    call("POST", "/api/auth/register", null, Map.of("email", LISTENER, "password", PASSWORD, "displayName", "Demo Listener"), null);
    String listener = login(LISTENER);
    String harbor = titleId("Harbor Lights");
    String ferry = titleId("Night Ferry");
    waitForCarriers(buyer, List.of(harbor, ferry));

    HttpResponse<String> click = http.send(HttpRequest.newBuilder(store.resolve("/r/" + code + "?title=" + harbor))
        .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) demo listener").GET().build(), HttpResponse.BodyHandlers.ofString());
    String cookie = click.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("carriage_ref="))
        .map(value -> value.substring(0, value.indexOf(';') < 0 ? value.length() : value.indexOf(';'))).findFirst()
        .orElseThrow(() -> new IllegalStateException("the referral link set no cookie (status " + click.statusCode() + ")"));
    System.out.println("demo: the listener followed Demo Fan Blog's link to Harbor Lights");
    Thread.sleep(6_000); // a purchase seconds after its click is held as cookie stuffing

    buy(listener, harbor, cookie);
    buy(listener, ferry, null);
    buy(buyer, ferry, null);
    System.out.println("demo: three sandbox purchases paid (two by the listener, one referred; one by the buyer)");

    download(peerNode, LISTENER, "Harbor Lights", out.resolve("harbor-lights.bin"));
    download(peerNode, BUYER, "Night Ferry", out.resolve("night-ferry.bin"));
    System.out.println("demo: two downloads through the local grid; the carriers' receipts follow within seconds");
  }

  private void buy(String token, String titleId, String cookie) throws Exception {
    JsonNode order = call("POST", "/api/orders", token, Map.of("titleId", titleId), cookie);
    call("POST", URI.create(order.path("payment").path("confirmUrl").asText()).getPath(), token, Map.of("cardNumber", CARD), null);
  }

  /** Cache fill hands new titles to carriers at their heartbeats; the downloads should find them there. */
  private void waitForCarriers(String token, List<String> titles) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String title : titles) {
      while (call("GET", "/api/grid/titles/" + title + "/replicas", token, null, null).path("complete").asLong() < 1
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    }
  }

  private void download(String peerNode, String email, String title, Path output) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", peerNode, "get", title, "--store", store.toString(), "--email", email,
        "--password", PASSWORD, "-o", output.toString(), "--data", output.resolveSibling("client-" + email.substring(0, email.indexOf('@'))).toString()));
    Process get = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.resolveSibling(output.getFileName() + ".log").toFile())
        .start();
    if (get.waitFor() != 0) {
      throw new IllegalStateException("peer-node get " + title + " failed; see " + output + ".log");
    }
  }

  private String titleId(String name) throws Exception {
    JsonNode page = call("GET", "/api/titles?q=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null, null, null);
    for (JsonNode title : page.path("items")) {
      if (title.path("name").asText().equals(name)) {
        return title.path("id").asText();
      }
    }
    throw new IllegalStateException("the demo catalog has no title named " + name);
  }

  private String login(String email) throws Exception {
    return call("POST", "/api/auth/login", null, Map.of("email", email, "password", PASSWORD), null).path("token").asText();
  }

  private JsonNode call(String method, String path, String token, Object body, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(store.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 409 && path.equals("/api/auth/register")) {
      return json.createObjectNode(); // the listener exists already (a demo run again)
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
  }
}
