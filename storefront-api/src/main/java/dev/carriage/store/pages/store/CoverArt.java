package dev.carriage.store.pages.store;

import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.catalog.TitleCovers;
import dev.carriage.store.catalog.TitleView;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A title's cover: the image its publisher delivered (a DDEX front cover), else a placeholder
 * drawn from its id (its colours) and its name (its initials): stable, distinct, never a blank box.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/titles/{id}/cover")
public class CoverArt {

  private final CatalogService catalog;
  private final TitleCovers covers;

  public CoverArt(CatalogService catalog, TitleCovers covers) {
    this.catalog = catalog;
    this.covers = covers;
  }

  @GET
  public Response cover(@PathParam("id") String id) {
    UUID titleId = PathIds.parse("title", id);
    TitleView title = catalog.find(titleId).orElseThrow(() -> ProblemException.notFound("title", id));
    java.util.Optional<TitleCovers.Cover> delivered = covers.find(titleId);
    if (delivered.isPresent()) {
      return Response.ok(delivered.get().bytes(), delivered.get().contentType())
          .tag(delivered.get().sha256())
          .header("Cache-Control", "public, max-age=3600")
          .header("X-Content-Type-Options", "nosniff")
          .build();
    }
    return Response.ok(placeholder(titleId, title.name()), "image/svg+xml")
        .header("Cache-Control", "public, max-age=3600")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .build();
  }

  static String placeholder(UUID id, String name) {
    int hue = Math.floorMod(id.hashCode(), 360);
    int second = (hue + 40 + Math.floorMod((int) id.getLeastSignificantBits(), 80)) % 360;
    return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="hsl(%d,55%%,42%%)"/><stop offset="1" stop-color="hsl(%d,60%%,22%%)"/>
        </linearGradient></defs>
        <rect width="200" height="200" fill="url(#g)"/>
        <text x="100" y="118" font-family="sans-serif" font-size="56" font-weight="700" fill="#fff" fill-opacity="0.9" text-anchor="middle">%s</text>
        </svg>
        """.formatted(hue, second, xml(initials(name)));
  }

  static String initials(String name) {
    String letters = Arrays.stream(name.strip().split("\\s+"))
        .filter(word -> !word.isEmpty())
        .map(word -> word.codePoints().filter(Character::isLetterOrDigit).limit(1)
            .mapToObj(Character::toString).collect(Collectors.joining()))
        .filter(letter -> !letter.isEmpty())
        .limit(2)
        .collect(Collectors.joining());
    return letters.isEmpty() ? "?" : letters.toUpperCase(Locale.ROOT);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
