package dev.carriage.grid.manifest;

/** A manifest that cannot be trusted: malformed, inconsistent, oversize or badly signed. */
public final class ManifestException extends Exception {

  public ManifestException(String message) {
    super(message);
  }
}
