package dev.carriage.store.imports;

import dev.carriage.store.catalog.TitleRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * {@code PUT /api/publisher/titles/{externalId}}: a title as a publisher's feed describes it.
 *
 * @param onSale false takes the title down (withdrawn, licences kept); true lists it again
 * @param messageAt when the feed message was made (DDEX); an older one than last applied is ignored
 */
public record CatalogEntry(
    @NotNull @Valid TitleRequest title,
    Boolean onSale,
    @Size(max = TRACKS_MAX) List<@NotNull @Valid Track> tracks,
    Instant messageAt) {

  public static final int TRACKS_MAX = 500;
  public static final String EXTERNAL_ID = "[A-Za-z0-9._:-]{1,200}";

  public boolean listed() {
    return onSale == null || onSale;
  }

  public List<Track> trackList() {
    return tracks == null ? List.of() : tracks;
  }

  /** One track of a music release, in order. */
  public record Track(
      @NotBlank @Size(max = 200) String name,
      @Pattern(regexp = "[A-Z]{2}[A-Z0-9]{3}[0-9]{7}", message = "must be an ISRC such as GBAYE2600001") String isrc,
      @PositiveOrZero Integer durationSeconds,
      @NotBlank @Size(max = 255) String fileName,
      @NotNull @PositiveOrZero Long sizeBytes) {}
}
