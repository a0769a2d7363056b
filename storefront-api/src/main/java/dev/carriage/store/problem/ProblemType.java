package dev.carriage.store.problem;

/** The kinds of problem the API reports; each has a stable type URI and an HTTP status. */
public enum ProblemType {
  MALFORMED_REQUEST(400, "Malformed request"),
  VALIDATION_FAILED(400, "Validation failed"),
  INVALID_SIGNATURE(400, "Invalid signature"),
  UNAUTHENTICATED(401, "Authentication required"),
  INVALID_CREDENTIALS(401, "Invalid credentials"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  CONFLICT(409, "Conflict"),
  NOT_FOR_SALE(409, "Not for sale"),
  ALREADY_OWNED(409, "Already owned"),
  ORDER_STATE_CONFLICT(409, "Order state conflict"),
  REFUND_WINDOW_CLOSED(409, "Refund window closed"),
  NO_TRIAL(409, "No trial"),
  NO_VALID_LICENCE(403, "No valid licence"),
  NO_CONTENT(409, "No content"),
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  RECEIPT_REFUSED(422, "Receipt refused"),
  INSUFFICIENT_STORE_CREDIT(409, "Insufficient store credit"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  TOO_MANY_REQUESTS(429, "Too many requests"),
  INTERNAL_ERROR(500, "Internal error"),
  PAYMENT_PROVIDER_FAILED(502, "Payment provider failed");

  private final int status;
  private final String title;

  ProblemType(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** True for the types that only restate an HTTP status, which framework refusals use. */
  private boolean isGeneric() {
    return switch (this) {
      case MALFORMED_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, CONFLICT,
          PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INTERNAL_ERROR -> true;
      default -> false;
    };
  }

  /** A relative URI reference, resolved against the store's own address (RFC 9457 §3.1.1). */
  public String uri() {
    return "/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The generic type for a refusal the framework raised (an unknown path, a wrong media type),
   * not one of the store's own rules; a status with no type of its own gets the nearest class.
   */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status && type.isGeneric()) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
  }
}
