package dev.carriage.store.problem;

import java.util.UUID;

/** Ids taken from a request path: one that is not a UUID names nothing, so it is a 404. */
public final class PathIds {

  private PathIds() {}

  public static UUID parse(String what, String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException notUuid) {
      throw ProblemException.notFound(what, id);
    }
  }
}
