package dev.carriage.store.download;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * Send to my node, the buyer's side ({@code /api/library/sends}, a bearer token): ask one of your
 * own nodes to fetch a title, and watch it. The node's side is {@link NodeSendNodeResource}.
 */
@Path("/api/library/sends")
public class NodeSendResource {

  private static final int LISTED_MAX = 100;

  private final NodeSends sends;
  private final SecurityIdentity caller;

  public NodeSendResource(NodeSends sends, SecurityIdentity caller) {
    this.sends = sends;
    this.caller = caller;
  }

  /** {@code {"titleId", "nodeId"}}: one of the caller's own nodes fetches a title the caller holds. */
  public record SendRequest(@NotNull UUID titleId, @NotNull UUID nodeId) {}

  /** {@code {"clientKey", "region"}} as for {@code POST /api/downloads}. */
  public record OpenRequest(@NotBlank @Size(max = 200) String clientKey,
      @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1 to 32 lowercase letters, digits or '-'") String region) {}

  /** {@code {"state": "started"|"done"|"failed", "bytesDone", "bytesOf", "detail"}}. */
  public record Report(@NotBlank @Size(max = 16) String state, long bytesDone, long bytesOf, @Size(max = 300) String detail) {}

  @POST
  @RolesAllowed(Role.Names.BUYER)
  public Response send(@Valid @NotNull SendRequest request) {
    return Response.status(201).entity(sends.request(Callers.accountId(caller), request.titleId(), request.nodeId())).build();
  }

  @GET
  @RolesAllowed(Role.Names.BUYER)
  public List<NodeSends.SendView> mine() {
    return sends.ofAccount(Callers.accountId(caller), LISTED_MAX);
  }
}
