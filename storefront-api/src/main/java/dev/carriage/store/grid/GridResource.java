package dev.carriage.store.grid;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** The coordinator over HTTP: node enrolment and heartbeats, content publishing, manifests. */
@Path("/api")
public class GridResource {

  private final GridService grid;
  private final SecurityIdentity caller;
  private final Validator validator;
  private final ObjectMapper json;

  public GridResource(GridService grid, SecurityIdentity caller, Validator validator, ObjectMapper json) {
    this.grid = grid;
    this.caller = caller;
    this.validator = validator;
    this.json = json;
  }

  /**
   * Node endpoints check who is asking before they read the body, so a stranger learns nothing
   * from a 400; then the body gets the same strict reading and validation as everywhere else.
   */
  private <T> T validated(byte[] raw, Class<T> type) throws java.io.IOException {
    if (raw == null || raw.length == 0) {
      throw ProblemException.invalidField("body", "is required");
    }
    T body = json.readValue(raw, type);
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return body;
  }

  /** A carrier enrols a node key; enrolling the same key again returns the same node. */
  @POST
  @Path("/nodes")
  @RolesAllowed({Role.Names.CARRIER, Role.Names.ADMIN})
  public Response enroll(@Valid @NotNull NodeRequests.Enroll request) {
    GridService.Enrolled node = grid.enroll(Callers.accountId(caller), caller.hasRole(Role.Names.ADMIN), request);
    return Response.status(Response.Status.CREATED).entity(node).build();
  }

  /**
   * Authenticated by the node's own signed token, not by an account. 200 with the holdings the
   * store did not believe (usually none), each with its reason.
   */
  @POST
  @Path("/nodes/heartbeat")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, java.util.List<HeartbeatClaims.Refused>> heartbeat(@HeaderParam(NodeTokens.HEADER) String nodeToken, byte[] body,
      @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest request) throws java.io.IOException {
    GridNode node = grid.authenticate(nodeToken);
    return Map.of("holdingsRefused", grid.heartbeat(node.id(), validated(body, NodeRequests.Heartbeat.class), request.remoteAddress().hostAddress()));
  }

  /** A carrier asks for a title to cache: 200 with it, or 204 when the grid needs nothing from it. */
  @POST
  @Path("/nodes/fills")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response nextFill(@HeaderParam(NodeTokens.HEADER) String nodeToken, byte[] body) throws java.io.IOException {
    GridNode node = grid.authenticate(nodeToken);
    return grid.nextFill(node, validated(body, NodeRequests.FillRequest.class).skip()).map(fill -> Response.ok(fill).build()).orElseGet(() -> Response.noContent().build());
  }

  @POST
  @Path("/grid/titles/{id}/content")
  @RolesAllowed({Role.Names.PUBLISHER, Role.Names.ADMIN})
  public Map<String, String> publish(@PathParam("id") String id, @Valid @NotNull NodeRequests.Publish request) {
    byte[] signed = grid.publish(Callers.accountId(caller), caller.hasRole(Role.Names.ADMIN), PathIds.parse("title", id), request);
    return Map.of("signedManifest", Base64.getEncoder().encodeToString(signed));
  }

  /** Manifests are public: they describe ciphertext, which is useless without the content key. */
  @GET
  @Path("/grid/titles/{id}/manifest")
  @Produces("application/octet-stream")
  public byte[] manifest(@PathParam("id") String id) {
    return grid.content(PathIds.parse("title", id))
        .map(TitleContent::signedManifest)
        .orElseThrow(() -> ProblemException.notFound("content of title", id));
  }

  /** How many carriers hold the title (healthy, complete or partly) against its target. */
  @GET
  @Path("/grid/titles/{id}/replicas")
  public GridService.Replicas replicas(@PathParam("id") String id) {
    return grid.replicas(PathIds.parse("title", id));
  }

  /** A publisher asks for more (or fewer) carriers to cache a title: carriers fill until it has them. */
  @PUT
  @Path("/grid/titles/{id}/replicas")
  @RolesAllowed({Role.Names.PUBLISHER, Role.Names.ADMIN})
  public GridService.Replicas wantReplicas(@PathParam("id") String id, @Valid @NotNull NodeRequests.Replicas request) {
    return grid.wantReplicas(Callers.accountId(caller), caller.hasRole(Role.Names.ADMIN), PathIds.parse("title", id), request.target());
  }
}
