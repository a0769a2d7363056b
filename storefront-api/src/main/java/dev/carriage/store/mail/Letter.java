package dev.carriage.store.mail;

import java.util.Objects;

/** One plain-text email the store sends: to one address, with a subject and a body. */
public record Letter(String to, String subject, String text) {

  public Letter {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    if (to.contains("\r") || to.contains("\n") || subject.contains("\r") || subject.contains("\n")) {
      throw new IllegalArgumentException("a header must be one line"); // no header injection
    }
  }
}
