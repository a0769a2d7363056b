package dev.carriage.catalog.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one directory an import may read media from. A feed is a stranger's file: every path it
 * names is a claim, so a path is only used once it resolves, after normalising and after
 * following links, to a file inside this root. An absolute path, a {@code ..} that climbs out, a
 * link that points out, or a URI with a scheme ({@code file:}, {@code http:}) is refused, and
 * nothing outside the root is ever opened or even tested for existence.
 */
public record MediaRoot(Path root) {

  /** {@code file:}, {@code https:}, ... (two letters at least, so a Windows drive is caught as absolute instead). */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  public MediaRoot {
    root = root.toAbsolutePath().normalize();
  }

  /** Where a declared path points, without looking at the disk; only meaningful after {@link #refusal}. */
  public Path resolve(String declared) {
    try {
      return root.resolve(declared).normalize();
    } catch (InvalidPathException invalid) {
      return root.resolve("invalid-path");
    }
  }

  /** Why the declared path may not be read, or empty when it names a place inside the root. */
  public Optional<String> refusal(String declared) {
    if (declared == null || declared.isEmpty()) {
      return Optional.of("is empty");
    }
    if (SCHEME.matcher(declared).matches()) {
      return Optional.of("'" + CsvFeed.shorten(declared) + "' is a URI; only a path relative to the media root is accepted");
    }
    if (declared.indexOf('\0') >= 0 || declared.startsWith("/") || declared.startsWith("\\")) {
      return Optional.of("'" + CsvFeed.shorten(declared) + "' is not a path relative to the media root");
    }
    Path path;
    try {
      Path relative = Path.of(declared);
      if (relative.isAbsolute()) {
        return Optional.of("'" + CsvFeed.shorten(declared) + "' is not a path relative to the media root");
      }
      path = root.resolve(relative).normalize();
    } catch (InvalidPathException invalid) {
      return Optional.of("'" + CsvFeed.shorten(declared) + "' is not a valid path");
    }
    if (!path.startsWith(root)) {
      return Optional.of("'" + CsvFeed.shorten(declared) + "' leads outside the media root");
    }
    // Links are followed only to see where they lead: a link out of the root is as good as "..".
    try {
      if (Files.exists(path) && !path.toRealPath().startsWith(root.toRealPath())) {
        return Optional.of("'" + CsvFeed.shorten(declared) + "' is a link that leads outside the media root");
      }
    } catch (IOException unresolvable) {
      return Optional.of("'" + CsvFeed.shorten(declared) + "' cannot be resolved: " + unresolvable.getMessage());
    }
    return Optional.empty();
  }
}
