package dev.carriage.store.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.store.catalog.TitleView;
import java.util.List;

/**
 * The answer to an upsert or a takedown.
 *
 * @param changes the fields that differ (kind, name, description, price, sizeBytes,
 *     releaseDate, tags, demo, tracks, onSale); empty when nothing did
 * @param title the title as it is now; absent for a dry run that would create it
 * @param sourceDigest SHA-256 of the media the title's content was made from, if any was published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryResult(EntryOutcome outcome, List<String> changes, TitleView title, String sourceDigest) {}
