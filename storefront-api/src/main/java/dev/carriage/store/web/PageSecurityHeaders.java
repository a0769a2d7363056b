package dev.carriage.store.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The security headers of every browser-facing answer, in one place: a Content-Security-Policy
 * with nothing from another origin and no inline script or style, no MIME sniffing, and no
 * referrer to other sites. A page that needs more (the checkout with Stripe's Payment Element)
 * sets its own policy, built here too ({@link #withStripe}); the API and Quarkus's own paths are
 * JSON and keep their own headers.
 */
public final class PageSecurityHeaders {

  public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
  // Media also from the loopback address: the library's Play streams from the buyer's own node
  // on this machine (its player endpoint takes only 127.0.0.1, with a token in the path).
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
      + " media-src 'self' http://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private PageSecurityHeaders() {}

  /** The policy with what Stripe.js needs for the Payment Element: its script, its frames, its API. */
  public static String withStripe() {
    return "default-src 'self'; script-src 'self' https://js.stripe.com; style-src 'self'; img-src 'self' data: https://*.stripe.com;"
        + " connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; object-src 'none';"
        + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** Adds the headers as each answer is sent, unless the page set its own policy. */
  @ApplicationScoped
  public static class Filter {

    void install(@Observes Router router) {
      router.route().order(Integer.MIN_VALUE + 1).handler(this::add);
    }

    void add(RoutingContext context) {
      String path = context.normalizedPath();
      if (!path.startsWith("/q/") && !path.startsWith("/api/")) {
        context.addHeadersEndHandler(done -> {
          var headers = context.response().headers();
          if (!headers.contains(CONTENT_SECURITY_POLICY)) {
            headers.set(CONTENT_SECURITY_POLICY, POLICY);
          }
          headers.set(HttpHeaders.createOptimized("X-Content-Type-Options"), "nosniff");
          headers.set(HttpHeaders.createOptimized("Referrer-Policy"), "same-origin");
        });
      }
      context.next();
    }
  }
}
