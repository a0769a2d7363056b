package dev.carriage.store.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length is over the limit with a 413 problem body, before any
 * of it is read. Vert.x would refuse it too, but with an empty body.
 */
@ApplicationScoped
public class BodySizeLimit {

  private final long maxBodyBytes;
  private final ObjectMapper json;

  public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
    this.maxBodyBytes = maxBodySize.asLongValue();
    this.json = json;
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext context) {
    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !isOver(declared)) {
      context.next();
      return;
    }
    String detail = "the body declares " + declared + " bytes (expected: <= " + maxBodyBytes + ")";
    Problem problem =
        new Problem(ProblemType.PAYLOAD_TOO_LARGE.uri(), ProblemType.PAYLOAD_TOO_LARGE.title(), 413, detail,
            context.request().path(), List.of(new Problem.FieldError("body", "is too large")));
    try {
      context.response()
          .setStatusCode(413)
          .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          // The unread body would otherwise be taken for the next request on this connection.
          .putHeader(HttpHeaders.CONNECTION, "close")
          .end(json.writeValueAsString(problem))
          .onComplete(sent -> context.request().connection().close());
    } catch (JsonProcessingException e) {
      context.fail(e);
    }
  }

  private boolean isOver(String declared) {
    try {
      return Long.parseLong(declared.strip()) > maxBodyBytes;
    } catch (NumberFormatException malformed) {
      return false; // Vert.x refuses a malformed Content-Length itself.
    }
  }
}
