package dev.carriage.store.download;

import dev.carriage.store.grid.GridNode;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.grid.NodeTokens;
import dev.carriage.store.problem.PathIds;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The node's side of Send to my node, by its node token: what to fetch, opening it, reporting progress. */
@Path("/api/nodes/sends")
public class NodeSendNodeResource {

  private final NodeSends sends;
  private final GridService grid;

  public NodeSendNodeResource(NodeSends sends, GridService grid) {
    this.sends = sends;
    this.grid = grid;
  }

  @GET
  @PermitAll
  public Map<String, List<NodeSends.Pending>> pending(@HeaderParam(NodeTokens.HEADER) String nodeToken) {
    return Map.of("sends", sends.pending(grid.authenticate(nodeToken).id()));
  }

  @POST
  @Path("/{id}/session")
  @PermitAll
  public Response open(@HeaderParam(NodeTokens.HEADER) String nodeToken, @PathParam("id") String id, @Valid @NotNull NodeSendResource.OpenRequest request) {
    GridNode node = grid.authenticate(nodeToken);
    return Response.status(201).entity(sends.open(node, PathIds.parse("send", id), request.clientKey(), request.region())).build();
  }

  @PUT
  @Path("/{id}")
  @PermitAll
  public NodeSends.SendView report(@HeaderParam(NodeTokens.HEADER) String nodeToken, @PathParam("id") String id,
      @Valid @NotNull NodeSendResource.Report report) {
    GridNode node = grid.authenticate(nodeToken);
    return sends.report(node, PathIds.parse("send", id), report.state(), report.bytesDone(), report.bytesOf(), report.detail());
  }
}
