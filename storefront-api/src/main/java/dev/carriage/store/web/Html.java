package dev.carriage.store.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A rendered page as a response with the status it earned. */
public final class Html {

  private Html() {}

  public static Response response(int status, String body) {
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body).build();
  }
}
