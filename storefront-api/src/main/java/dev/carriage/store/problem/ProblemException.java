package dev.carriage.store.problem;

import java.util.List;

/**
 * A request the store refuses, with everything its problem-details body will say. Thrown
 * before anything is written, so a refused request changes nothing.
 */
public class ProblemException extends RuntimeException {

  /** An id echoed back in a message is cut to this, whatever length the client sent. */
  private static final int SHOWN_ID_LENGTH_MAX = 64;

  private final ProblemType type;
  private final List<Problem.FieldError> errors;

  public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
    super(detail);
    this.type = type;
    this.errors = List.copyOf(errors);
  }

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public static ProblemException invalidField(String field, String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED, field + ": " + message, List.of(new Problem.FieldError(field, message)));
  }

  public static ProblemException notFound(String what, Object id) {
    String shown = String.valueOf(id);
    if (shown.length() > SHOWN_ID_LENGTH_MAX) {
      shown = shown.substring(0, SHOWN_ID_LENGTH_MAX) + "…";
    }
    return new ProblemException(ProblemType.NOT_FOUND, what + " " + shown + " does not exist");
  }

  public ProblemType type() {
    return type;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** A refusal that passes with time: a 429 whose {@code Retry-After} says when to try again. */
  public static final class RetryLater extends ProblemException {
    private final java.time.Duration wait;

    public RetryLater(String why, java.time.Duration wait) {
      super(ProblemType.TOO_MANY_REQUESTS, why + "; try again in " + seconds(wait) + " s");
      this.wait = wait;
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} takes them. */
    public long retryAfterSeconds() {
      return seconds(wait);
    }

    private static long seconds(java.time.Duration wait) {
      return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
  }
}
