package dev.carriage.store.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import dev.carriage.store.web.ErrorPage;
import dev.carriage.store.web.PagePaths;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every refusal into an RFC 9457 body. Bad input must never surface as a 500, and the
 * body must name the field at fault; only the last mapper, for real faults, says nothing.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response refused(ProblemException refusal, UriInfo uri) {
    Response response = respond(refusal.type(), refusal.getMessage(), refusal.errors(), uri);
    if (refusal instanceof ProblemException.RetryLater later) {
      return Response.fromResponse(response).header("Retry-After", later.retryAfterSeconds()).build();
    }
    return response;
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException invalid, UriInfo uri) {
    List<Problem.FieldError> errors = ViolationPaths.fieldErrors(invalid.getConstraintViolations());
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid";
    return respond(ProblemType.VALIDATION_FAILED, detail, errors, uri);
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException unknown, UriInfo uri) {
    String field = JsonPaths.of(unknown);
    return fieldProblem(field, "is not a known field", uri);
  }

  @ServerExceptionMapper
  public Response wrongValue(InvalidFormatException wrong, UriInfo uri) {
    String message =
        wrong.getTargetType() != null && wrong.getTargetType().isEnum()
            ? "must be one of " + enumValues(wrong.getTargetType())
            : "must be " + JsonPaths.describe(wrong.getTargetType());
    return fieldProblem(JsonPaths.of(wrong), message, uri);
  }

  @ServerExceptionMapper
  public Response wrongShape(MismatchedInputException mismatched, UriInfo uri) {
    if (mismatched.getPath().isEmpty()) {
      return respond(ProblemType.MALFORMED_REQUEST, "the body must be a JSON object", List.of(), uri);
    }
    return fieldProblem(JsonPaths.of(mismatched), "must be " + JsonPaths.describe(mismatched.getTargetType()), uri);
  }

  @ServerExceptionMapper
  public Response mapping(JsonMappingException mapping, UriInfo uri) {
    // Thrown by a deserializer's own check, e.g. a string holding a NUL character.
    String reason = mapping.getOriginalMessage();
    return fieldProblem(JsonPaths.of(mapping), reason == null ? "is invalid" : firstLine(reason), uri);
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException malformed, UriInfo uri) {
    String reason = malformed.getOriginalMessage();
    return respond(
        ProblemType.MALFORMED_REQUEST,
        "the body is not valid JSON: " + firstLine(reason == null ? "unreadable" : reason),
        List.of(new Problem.FieldError("body", "is not valid JSON")),
        uri);
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException unauthenticated, UriInfo uri) {
    return respond(ProblemType.UNAUTHENTICATED, "a valid bearer token is required", List.of(), uri);
  }

  @ServerExceptionMapper
  public Response badToken(AuthenticationFailedException failed, UriInfo uri) {
    // Why a token failed (expired, forged, unknown key) is logged, not told to the caller.
    LOG.debugf("authentication failed: %s", failed.getMessage());
    return respond(ProblemType.UNAUTHENTICATED, "the bearer token is invalid or expired", List.of(), uri);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException forbidden, UriInfo uri) {
    return respond(ProblemType.FORBIDDEN, "your account's roles do not allow this", List.of(), uri);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException failure, UriInfo uri) {
    int status = failure.getResponse().getStatus();
    if (status >= 500) {
      return fault(failure, uri);
    }
    if (failure.getCause() instanceof JsonProcessingException unreadable) {
      return malformed(unreadable, uri);
    }
    ProblemType type = ProblemType.forStatus(status);
    String detail;
    if (failure instanceof NotFoundException) {
      detail = "there is nothing at " + path(uri);
    } else if (failure instanceof NotAllowedException) {
      detail = "this method is not allowed here; allowed: " + failure.getResponse().getAllowedMethods();
    } else {
      detail = failure.getMessage() == null ? type.title() : failure.getMessage();
    }
    if (type.status() != status) {
      Problem problem = new Problem("about:blank", detail, status, detail, path(uri), List.of());
      return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
    return respond(type, detail, List.of(), uri);
  }

  @ServerExceptionMapper
  public Response fault(Throwable fault, UriInfo uri) {
    LOG.errorf(fault, "unexpected failure on %s", path(uri));
    return respond(ProblemType.INTERNAL_ERROR, "the store failed to handle this request", List.of(), uri);
  }

  private static Response fieldProblem(String field, String message, UriInfo uri) {
    return respond(
        ProblemType.VALIDATION_FAILED,
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)),
        uri);
  }

  public static Response respond(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri) {
    if (uri != null && PagePaths.isPage(uri.getPath())) {
      // The same refusal, for a person in a browser.
      return type == ProblemType.UNAUTHENTICATED
          ? ErrorPage.signInFirst(uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery()))
          : ErrorPage.response(type.status(), type.title(), detail, errors);
    }
    Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, path(uri), errors);
    return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : uri.getRequestUri().getRawPath();
  }

  private static String enumValues(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(constant -> constant.toString())
        .toList()
        .toString();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
