package dev.carriage.node.store;

/** The store refused a request or could not be reached; the message is the store's own detail. */
public final class StoreApiException extends RuntimeException {

  private final int status;

  public StoreApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
