package dev.carriage.store.problem;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/**
 * Writes a Bean Validation property path as the field path a client sent, e.g. {@code
 * create.request.tags[2].<list element>} as {@code tags[2]}: the method and parameter nodes
 * are the server's business, not the client's.
 */
public final class ViolationPaths {

  private ViolationPaths() {}

  public static String fieldOf(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD || kind == ElementKind.PARAMETER || kind == ElementKind.RETURN_VALUE) {
        continue;
      }
      if (node.isInIterable()) {
        field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
      }
      if (kind == ElementKind.PROPERTY || (kind == ElementKind.BEAN && node.getName() != null)) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(node.getName());
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  /** Each violation as the field it names and its message, sorted, as problem details list them. */
  public static java.util.List<Problem.FieldError> fieldErrors(java.util.Set<? extends jakarta.validation.ConstraintViolation<?>> violations) {
    return violations.stream()
        .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
        .sorted(java.util.Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
        .toList();
  }
}
