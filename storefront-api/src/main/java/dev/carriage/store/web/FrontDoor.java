package dev.carriage.store.web;

import dev.carriage.store.problem.PathIds;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

  /** A title's store page, where referral links lead; for now, the title as the API shows it. */
  @GET
  @Path("titles/{id}")
  public Response title(@PathParam("id") String id) {
    return Response.seeOther(URI.create("/api/titles/" + PathIds.parse("title", id))).build();
  }
}
