package dev.carriage.store.web;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses every change to a page (a form post, an htmx request) that does not repeat the
 * browser's CSRF token, before the page's code runs; and hands a browser its token with the
 * first page that needed one.
 */
public class CsrfFilter {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final PageContext page;

  public CsrfFilter(PageContext page) {
    this.page = page;
  }

  @ServerRequestFilter
  @WithFormRead
  public Response check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
    if (SAFE_METHODS.contains(request.getMethod()) || !PagePaths.isPage(routing.normalizedPath())) {
      return null;
    }
    Cookie cookie = routing.request().getCookie(Csrf.COOKIE);
    String submitted = request.getHeaderString(Csrf.HEADER);
    if (submitted == null) {
      ResteasyReactiveRequestContext context = (ResteasyReactiveRequestContext) request.getServerRequestContext();
      Object field = context.getFormParameter(Csrf.FIELD, true, false);
      submitted = field == null ? null : field.toString();
    }
    if (Csrf.repeated(cookie == null ? null : cookie.getValue(), submitted)) {
      return null;
    }
    return ErrorPage.response(Response.Status.FORBIDDEN.getStatusCode(), "Form expired",
        "This form did not carry the page's security token, so nothing was changed. Reload the page and try again.");
  }

  @ServerResponseFilter
  public void handOut(ContainerResponseContext response, RoutingContext routing) {
    if (!PagePaths.isPage(routing.normalizedPath())) {
      return;
    }
    page.newCsrfToken().ifPresent(token ->
        response.getHeaders().add(jakarta.ws.rs.core.HttpHeaders.SET_COOKIE, Csrf.cookie(token, routing.request().isSSL())));
  }
}
