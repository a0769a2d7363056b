package dev.carriage.store.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.time.LocalDate;
import java.util.Collection;

/** Field paths and expected types, in the client's terms, from Jackson's mapping errors. */
final class JsonPaths {

  private JsonPaths() {}

  static String of(JsonMappingException failure) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : failure.getPath()) {
      if (reference.getFieldName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  static String describe(Class<?> type) {
    if (type == null) {
      return "a value of another type";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == LocalDate.class) {
      return "a date as YYYY-MM-DD";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of its listed values";
    }
    return "an object";
  }
}
