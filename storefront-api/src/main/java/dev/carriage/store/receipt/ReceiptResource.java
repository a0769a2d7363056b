package dev.carriage.store.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.grid.NodeTokens;
import dev.carriage.store.problem.Problem;
import dev.carriage.store.problem.ProblemMappers;
import dev.carriage.store.metrics.StoreMetrics;
import dev.carriage.store.problem.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /api/receipts}: a carrier submits the newest receipt a client gave it,
 * authenticated as its node: {@code {"receipt": "<base64 of the signed receipt>"}}. 200 with
 * what was credited; 422 with the reason when the receipt is refused (and recorded).
 */
@Path("/api/receipts")
public class ReceiptResource {

  private final GridService grid;
  private final ReceiptService receipts;
  private final ObjectMapper json;

  public ReceiptResource(GridService grid, ReceiptService receipts, ObjectMapper json, StoreMetrics metrics) {
    this.metrics = metrics;
    this.grid = grid;
    this.receipts = receipts;
    this.json = json;
  }

  private final StoreMetrics metrics;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(@HeaderParam(NodeTokens.HEADER) String nodeToken, byte[] body, @Context UriInfo uri) {
    GridNode node = grid.authenticate(nodeToken);
    SignedReceipt signed;
    try {
      JsonNode field = body == null || body.length == 0 ? null : json.readTree(body).get("receipt");
      if (field == null || !field.isTextual()) {
        return refused(receipts.malformed(node, "receipt: a base64 string is required"), uri);
      }
      signed = ReceiptCodec.decode(Base64.getDecoder().decode(field.asText()));
    } catch (IOException | IllegalArgumentException unreadable) {
      return refused(receipts.malformed(node, unreadable.getMessage()), uri);
    }
    ReceiptService.Outcome outcome = receipts.submit(node, signed);
    if (outcome instanceof ReceiptService.Rejected rejected) {
      return refused(rejected, uri);
    }
    ReceiptService.Accepted accepted = (ReceiptService.Accepted) outcome;
    metrics.receipt("accepted");
    metrics.creditedBytes(node.origin(), accepted.bytesCredited());
    return Response.ok(outcome).build();
  }

  private Response refused(ReceiptService.Rejected rejected, UriInfo uri) {
    metrics.receipt(rejected.reason().name());
    ProblemType type = rejected.reason() == RejectionReason.MALFORMED ? ProblemType.MALFORMED_REQUEST : ProblemType.RECEIPT_REFUSED;
    return ProblemMappers.respond(type, rejected.reason() + ": " + rejected.detail(),
        List.of(new Problem.FieldError("receipt", rejected.reason().name())), uri);
  }
}
