package dev.carriage.store.web;

import dev.carriage.store.problem.Problem;
import io.quarkus.arc.Arc;
import io.quarkus.qute.Engine;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A refusal on a page, as a page: the same status and words the API's problem details carry,
 * for a person. A page that needs a signed-in visitor sends an anonymous one to sign in first.
 */
public final class ErrorPage {

  private ErrorPage() {}

  public static Response response(int status, String title, String detail) {
    return response(status, title, detail, List.of());
  }

  public static Response response(int status, String title, String detail, List<Problem.FieldError> errors) {
    String html;
    try {
      html = Arc.container().instance(Engine.class).get().getTemplate("error")
          .data("status", status).data("title", title).data("detail", detail).data("errors", errors)
          .render();
    } catch (RuntimeException unrenderable) {
      // The error page itself failed (say, the caller could not be resolved): say it plainly.
      return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(title + ": " + detail).build();
    }
    return Html.response(status, html);
  }

  public static Response signInFirst(String path) {
    String next = path == null || !SafeNext.isLocal(path) ? "/" : path;
    return Response.seeOther(URI.create("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).build();
  }
}
