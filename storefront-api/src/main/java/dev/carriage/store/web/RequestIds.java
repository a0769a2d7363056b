package dev.carriage.store.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * A request id on every log line of a request: the caller's {@code X-Request-Id} when it is a
 * sane one (a load balancer's), else a new one; put in the logging context as {@code requestId}
 * (a field of every JSON log line) and sent back in the answer's {@code X-Request-Id}.
 */
@ApplicationScoped
public class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String LOG_FIELD = "requestId";
  /** What a request id from outside may look like: short, and nothing that could forge a log field. */
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::tag);
  }

  void tag(RoutingContext context) {
    String given = context.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    // Quarkus keeps the logging context on the request's Vert.x context, so it follows the request onto worker threads.
    MDC.put(LOG_FIELD, id);
    context.response().putHeader(HEADER, id);
    context.addEndHandler(done -> MDC.remove(LOG_FIELD));
    context.next();
  }
}
