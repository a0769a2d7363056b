package dev.carriage.store.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Until the browser UI (the {@code web} module) lands, the store's front door shows its API:
 * a person who opens http://localhost:8080 lands on the interactive API documentation.
 */
@Path("/")
public class FrontDoor {

  @GET
  public Response front() {
    return Response.seeOther(URI.create("/q/swagger-ui/")).build();
  }
}
