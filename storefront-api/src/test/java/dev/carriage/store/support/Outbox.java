package dev.carriage.store.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The store's local outbox in tests ({@code %test.carriage.mail.outbox}): the letters it wrote, newest last. */
public final class Outbox {

  private static final Path DIRECTORY = Path.of("target/outbox");
  private static final Pattern RESET_LINK = Pattern.compile("(https?://\\S+/reset-password\\?token=[A-Za-z0-9_-]+)");

  private Outbox() {}

  public static List<String> lettersTo(String email) {
    if (!Files.isDirectory(DIRECTORY)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.sorted(Comparator.comparing(Path::getFileName)).map(Outbox::read)
          .filter(letter -> letter.contains("\r\nTo: " + email + "\r\n")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reset link in the newest letter to this address. */
  public static Optional<String> resetLink(String email) {
    List<String> letters = lettersTo(email);
    if (letters.isEmpty()) {
      return Optional.empty();
    }
    Matcher link = RESET_LINK.matcher(letters.get(letters.size() - 1));
    return link.find() ? Optional.of(link.group(1)) : Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
