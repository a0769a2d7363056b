package dev.carriage.store.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem-details body. {@code errors} names each field or rule at fault, so a
 * client can point at the exact input to fix.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, String instance, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** One thing wrong with the input: a field path such as {@code price.currency}, and why. */
  public record FieldError(String field, String message) {}
}
