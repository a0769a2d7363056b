package dev.carriage.node.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.net.URI;
import java.security.Key;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The store's HTTP API as nodes and clients use it. */
public final class StoreApi {

  private static final String NODE_TOKEN_HEADER = "Carriage-Node-Token";

  private final URI base;
  private final ObjectMapper json = StoreClients.json();

  public StoreApi(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  public String login(String email, String password) {
    return post("/api/auth/login", null, null, Map.of("email", email, "password", password)).get("token").asText();
  }

  /** Whether the store takes {@code token} as {@code email}'s (it answers {@code GET /api/me} for it). */
  public boolean speaksFor(String token, String email) {
    try {
      return email.equalsIgnoreCase(call("GET", "/api/me", token, null).path("email").asText());
    } catch (StoreApiException refused) {
      if (refused.status() == 401 || refused.status() == 403) {
        return false;
      }
      throw refused;
    }
  }

  public UUID enroll(String bearer, String publicKey, String name, String region, boolean origin) {
    Map<String, Object> body = Map.of("publicKey", publicKey, "name", name, "region", region, "origin", origin);
    return UUID.fromString(post("/api/nodes", bearer, null, body).get("nodeId").asText());
  }

  /** Heartbeat fields, as the coordinator reads them. */
  /** What a node reports at each heartbeat; its settings (paused, hours, caps) only for its operator's dashboard. */
  public record Heartbeat(String host, int port, boolean serving, int activeConnections, long uploadBytesPerSecond, long bytesServed,
      List<Holding> holdings, boolean paused, String servingHours, long uploadCapBytesPerSecond, long connectionCapBytesPerSecond,
      String player) {}

  public record Holding(UUID titleId, int piecesHeld, boolean complete) {}

  /** Reports the node's state; answers the holdings the store did not believe, each with its reason. */
  public List<String> heartbeat(String nodeToken, Heartbeat beat) {
    JsonNode answer = post("/api/nodes/heartbeat", null, nodeToken, beat);
    List<String> refused = new java.util.ArrayList<>();
    answer.path("holdingsRefused").forEach(holding -> refused.add(holding.path("titleId").asText() + ": " + holding.path("reason").asText()));
    return refused;
  }

  /** Hands the store a client's signed receipt, as the node it names; the answer says what was credited. */
  public JsonNode submitReceipt(String nodeToken, byte[] signedReceipt) {
    return post("/api/receipts", null, nodeToken, java.util.Map.of("receipt", java.util.Base64.getEncoder().encodeToString(signedReceipt)));
  }

  public DownloadSession openDownload(String bearer, UUID titleId, String clientKey, UUID nodeId, String region) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("titleId", titleId);
    body.put("clientKey", clientKey);
    if (nodeId != null) {
      body.put("nodeId", nodeId);
    }
    if (region != null) {
      body.put("region", region);
    }
    return json.convertValue(post("/api/downloads", bearer, null, body), DownloadSession.class);
  }

  /** An open session's sources as the store ranks them now, asked again while the download runs. */
  public List<DownloadSession.Source> sources(String bearer, UUID sessionId, String region) {
    String query = region == null ? "" : "?region=" + java.net.URLEncoder.encode(region, java.nio.charset.StandardCharsets.UTF_8);
    JsonNode answer = call("GET", "/api/downloads/" + sessionId + "/sources" + query, bearer, null);
    return json.convertValue(answer, json.getTypeFactory().constructCollectionType(List.class, DownloadSession.Source.class));
  }

  /** A title the node's owner asked it to fetch ("Send to my node"). */
  public record Send(UUID sendId, UUID titleId) {}

  /** What the node's owner asked it to fetch; asked at each heartbeat. */
  public List<Send> pendingSends(String nodeToken) {
    JsonNode answer = exchange("GET", "/api/nodes/sends", null, nodeToken, null);
    List<Send> sends = new java.util.ArrayList<>();
    answer.path("sends").forEach(send -> sends.add(new Send(UUID.fromString(send.path("sendId").asText()),
        UUID.fromString(send.path("titleId").asText()))));
    return sends;
  }

  /** Opens the download session of a send, as the node, for its owner. */
  public DownloadSession openSend(String nodeToken, UUID sendId, String clientKey, String region) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientKey", clientKey);
    if (region != null) {
      body.put("region", region);
    }
    return json.convertValue(post("/api/nodes/sends/" + sendId + "/session", null, nodeToken, body), DownloadSession.class);
  }

  /** Reports a send's progress: {@code started}, {@code done} or {@code failed}, with bytes held of the whole. */
  public void reportSend(String nodeToken, UUID sendId, String state, long bytesDone, long bytesOf, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put("bytesDone", bytesDone);
    body.put("bytesOf", bytesOf);
    if (detail != null) {
      body.put("detail", detail.length() > 300 ? detail.substring(0, 300) : detail);
    }
    exchange("PUT", "/api/nodes/sends/" + sendId, null, nodeToken, body);
  }

  /** Registers new content; returns the manifest as the store signed it. */
  public byte[] publish(String bearer, UUID titleId, byte[] manifest, String contentKey) {
    return publish(bearer, titleId, manifest, contentKey, null);
  }

  /** As above, with the SHA-256 (hex) of the source media, so a later import can tell the media is unchanged. */
  public byte[] publish(String bearer, UUID titleId, byte[] manifest, String contentKey, String sourceDigest) {
    Map<String, Object> body = new HashMap<>();
    body.put("manifest", Base64.getEncoder().encodeToString(manifest));
    body.put("contentKey", contentKey);
    if (sourceDigest != null) {
      body.put("sourceDigest", sourceDigest);
    }
    return Base64.getDecoder().decode(post("/api/grid/titles/" + titleId + "/content", bearer, null, body).get("signedManifest").asText());
  }

  /** A title the coordinator wants this carrier to cache: no content key, only what fetching needs. */
  public record Fill(UUID titleId, String ticket, String manifest, List<DownloadSession.Source> sources) {}

  /** The next title to cache, or empty when the grid needs nothing from this node. */
  public java.util.Optional<Fill> nextFill(String nodeToken, java.util.Collection<UUID> skip) {
    JsonNode answer = post("/api/nodes/fills", null, nodeToken, Map.of("skip", skip));
    return answer.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(json.convertValue(answer, Fill.class));
  }

  /** Starts the free trial of a title that offers one; a trial already started is fine. */
  public void startTrial(String bearer, UUID titleId) {
    try {
      post("/api/library/trials", bearer, null, Map.of("titleId", titleId));
    } catch (StoreApiException refused) {
      if (refused.status() != 409) {
        throw refused;
      }
    }
  }

  /** A title's id from its id or (part of) its name, as the catalog search finds it. */
  public UUID findTitle(String idOrName) {
    try {
      return UUID.fromString(idOrName);
    } catch (IllegalArgumentException notAnId) {
      String query = java.net.URLEncoder.encode(idOrName, java.nio.charset.StandardCharsets.UTF_8);
      try {
        JsonNode page = json.readTree(send("GET", "/api/titles?pageSize=2&q=" + query, Map.of(), null));
        if (page.path("items").isEmpty()) {
          throw new StoreApiException(404, "no title matches '" + idOrName + "'");
        }
        return UUID.fromString(page.path("items").get(0).path("id").asText());
      } catch (IOException malformed) {
        throw new StoreApiException(0, "the store's catalog answer is not JSON");
      }
    }
  }

  /** What kind of title it is, as the catalog names it: {@code game}, {@code music} or {@code video}. */
  public String titleKind(UUID titleId) {
    return call("GET", "/api/titles/" + titleId, null, null).path("kind").asText();
  }

  /** The store's published signing keys by key id. */
  public Map<String, PublicKey> signingKeys() {
    JwkSet set = Jwks.setParser().build().parse(send("GET", "/.well-known/jwks.json", Map.of(), null));
    Map<String, PublicKey> keys = new HashMap<>();
    for (Jwk<?> jwk : set.getKeys()) {
      Key key = jwk.toKey();
      if (key instanceof PublicKey && jwk.getId() != null) {
        keys.put(jwk.getId(), (PublicKey) key);
      }
    }
    return keys;
  }

  /**
   * Any JSON call of the store's API, for tools built on this client (catalog import): the
   * answer's JSON, an empty object for an empty answer, or a {@link StoreApiException}.
   */
  public JsonNode call(String method, String path, String bearer, Object body) {
    return exchange(method, path, bearer, null, body);
  }

  /** Sends raw bytes (an image, say) with their media type; the answer's JSON as {@link #call} gives it. */
  public JsonNode putBytes(String path, String bearer, String contentType, byte[] bytes) {
    String answer = send("PUT", path, Map.of("Content-Type", contentType, "Authorization", "Bearer " + bearer), bytes);
    try {
      return answer.isEmpty() ? json.createObjectNode() : json.readTree(answer);
    } catch (IOException malformed) {
      throw new StoreApiException(0, "the store's answer to " + path + " is not JSON: " + malformed.getMessage());
    }
  }

  private JsonNode post(String path, String bearer, String nodeToken, Object body) {
    return exchange("POST", path, bearer, nodeToken, body);
  }

  private JsonNode exchange(String method, String path, String bearer, String nodeToken, Object body) {
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (bearer != null) {
        headers.put("Authorization", "Bearer " + bearer);
      }
      if (nodeToken != null) {
        headers.put(NODE_TOKEN_HEADER, nodeToken);
      }
      String answer = send(method, path, headers, body == null ? null : json.writeValueAsBytes(body));
      return answer.isEmpty() ? json.createObjectNode() : json.readTree(answer);
    } catch (IOException malformed) {
      throw new StoreApiException(0, "the store's answer to " + path + " is not JSON: " + malformed.getMessage());
    }
  }

  /** The answer's body, or a {@link StoreApiException} naming the status and the store's problem detail. */
  private String send(String method, String path, Map<String, String> headers, byte[] body) {
    StoreHttp.Answer answer;
    try {
      answer = StoreHttp.send(base.resolve(path), method, headers, body);
    } catch (IOException unreachable) {
      throw new StoreApiException(0, "the store at " + base + " cannot be reached: " + unreachable.getMessage());
    }
    if (answer.status() >= 300) {
      throw new StoreApiException(answer.status(), method + " " + base.resolve(path).getPath() + ": " + detailOf(answer));
    }
    return answer.body();
  }

  private String detailOf(StoreHttp.Answer answer) {
    try {
      JsonNode problem = json.readTree(answer.body());
      return answer.status() + " " + problem.path("detail").asText(problem.path("title").asText(""));
    } catch (IOException notJson) {
      return String.valueOf(answer.status());
    }
  }
}
