package dev.carriage.store.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The store's public keys (RFC 7517). Carriers check download tickets offline against these,
 * so they may be cached, but not for so long that a new key goes unseen.
 */
@Path("/.well-known/jwks.json")
public class JwksResource {

  private static final int CACHE_SECONDS = 300;

  private final SigningKeys keys;

  public JwksResource(SigningKeys keys) {
    this.keys = keys;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response jwks() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(CACHE_SECONDS);
    Map<String, Object> body = keys.jwks();
    return Response.ok(body).cacheControl(cache).build();
  }
}
