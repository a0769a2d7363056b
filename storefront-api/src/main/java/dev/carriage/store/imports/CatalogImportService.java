package dev.carriage.store.imports;

import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.catalog.TitleCovers;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.catalog.TitleDraft;
import dev.carriage.store.catalog.TitleView;
import dev.carriage.store.grid.TitleContent;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.account.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Titles keyed by the publisher's own ids: the store side of catalog import. An upsert of what
 * the store already has changes nothing, so a feed can be imported again and again.
 */
@ApplicationScoped
@Transactional
public class CatalogImportService {

  private static final Pattern EXTERNAL_ID = Pattern.compile(CatalogEntry.EXTERNAL_ID);

  private final EntityManager entityManager;
  private final LicenceService licences;
  private final TitleTracks tracks;
  private final CatalogService catalog;
  private final TitleCovers covers;
  private final Clock clock;

  public CatalogImportService(EntityManager entityManager, LicenceService licences, TitleTracks tracks, CatalogService catalog,
      TitleCovers covers, Clock clock) {
    this.covers = covers;
    this.entityManager = entityManager;
    this.licences = licences;
    this.catalog = catalog;
    this.tracks = tracks;
    this.clock = clock;
  }

  /** Creates or updates the publisher's title with this external id; a dry run says what it would do and writes nothing. */
  public EntryResult upsert(UUID publisherId, String externalId, CatalogEntry entry, boolean dryRun) {
    checkExternalId(externalId);
    TitleDraft draft = CatalogService.draftOf(entry.title());
    catalog.requireFits(publisherId, draft);
    // Serialises a publisher's imports, so two runs of one feed cannot both create a title.
    licences.lockAccount(publisherId);
    Optional<Title> found = keyed(publisherId, externalId);
    Instant now = clock.instant();
    if (found.isEmpty()) {
      if (dryRun) {
        return new EntryResult(EntryOutcome.CREATED, List.of(), null, null);
      }
      Title title = new Title(entityManager.find(Account.class, publisherId), draft, now);
      title.keyAs(externalId);
      if (!entry.listed()) {
        title.withdraw(now);
      }
      if (entry.messageAt() != null) {
        title.changedByMessage(entry.messageAt());
      }
      entityManager.persist(title);
      entityManager.flush();
      tracks.replace(title.id(), entry.trackList());
      return result(EntryOutcome.CREATED, List.of(), title);
    }
    Title title = found.get();
    if (isOlder(entry.messageAt(), title)) {
      return result(EntryOutcome.IGNORED_OLDER, List.of(), title);
    }
    List<String> changes = changes(title, draft, entry);
    if (!dryRun) {
      if (entry.messageAt() != null) {
        title.changedByMessage(entry.messageAt());
      }
      if (!changes.isEmpty()) {
        title.apply(draft, now);
        tracks.replace(title.id(), entry.trackList());
        if (entry.listed()) {
          title.restore(now);
        } else {
          title.withdraw(now);
        }
      }
    }
    EntryOutcome outcome = changes.isEmpty() ? EntryOutcome.UNCHANGED
        : changes.equals(List.of("onSale")) && !entry.listed() ? EntryOutcome.TAKEN_DOWN : EntryOutcome.UPDATED;
    return result(outcome, changes, title);
  }

  /** The publisher's title with this external id gets the cover art its feed delivered; 404 when there is no such title. */
  public Map<String, String> putCover(UUID publisherId, String externalId, byte[] image) {
    checkExternalId(externalId);
    Title title = keyed(publisherId, externalId).orElseThrow(() -> ProblemException.notFound("title with external id", externalId));
    return Map.of("titleId", title.id().toString(), "sha256", covers.put(title, image));
  }

  /** Takes a release down (withdrawn from sale, licences kept); 404 when the store has no such title. */
  public EntryResult takeDown(UUID publisherId, String externalId, Instant messageAt, boolean dryRun) {
    checkExternalId(externalId);
    licences.lockAccount(publisherId);
    Title title = keyed(publisherId, externalId).orElseThrow(() -> ProblemException.notFound("title with external id", externalId));
    if (isOlder(messageAt, title)) {
      return result(EntryOutcome.IGNORED_OLDER, List.of(), title);
    }
    if (!title.onSale()) {
      return result(EntryOutcome.UNCHANGED, List.of(), title);
    }
    if (!dryRun) {
      title.withdraw(clock.instant());
      if (messageAt != null) {
        title.changedByMessage(messageAt);
      }
    }
    return result(EntryOutcome.TAKEN_DOWN, List.of("onSale"), title);
  }

  private List<String> changes(Title title, TitleDraft draft, CatalogEntry entry) {
    TitleDraft now = title.draft();
    List<String> changes = new ArrayList<>();
    if (now.kind() != draft.kind()) {
      changes.add("kind");
    }
    if (!now.name().equals(draft.name())) {
      changes.add("name");
    }
    if (!now.description().equals(draft.description())) {
      changes.add("description");
    }
    if (!now.price().equals(draft.price())) {
      changes.add("price");
    }
    if (!now.wholesale().equals(draft.wholesale())) {
      changes.add("wholesale");
    }
    if (now.sizeBytes() != draft.sizeBytes()) {
      changes.add("sizeBytes");
    }
    if (!now.releaseDate().equals(draft.releaseDate())) {
      changes.add("releaseDate");
    }
    if (!now.tags().equals(draft.tags())) {
      changes.add("tags");
    }
    if (!now.trialDays().equals(draft.trialDays())) {
      changes.add("demo");
    }
    if (!tracks.of(title.id()).equals(entry.trackList())) {
      changes.add("tracks");
    }
    if (title.onSale() != entry.listed()) {
      changes.add("onSale");
    }
    return changes;
  }

  private static boolean isOlder(Instant messageAt, Title title) {
    return messageAt != null && title.feedMessageAt().map(messageAt::isBefore).orElse(false);
  }

  private Optional<Title> keyed(UUID publisherId, String externalId) {
    return entityManager
        .createQuery("from Title t where t.publisher.id = :publisher and t.externalId = :key", Title.class)
        .setParameter("publisher", publisherId)
        .setParameter("key", externalId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  private EntryResult result(EntryOutcome outcome, List<String> changes, Title title) {
    String digest = Optional.ofNullable(entityManager.find(TitleContent.class, title.id()))
        .flatMap(TitleContent::sourceDigest)
        .orElse(null);
    return new EntryResult(outcome, changes, TitleView.of(title), digest);
  }

  private static void checkExternalId(String externalId) {
    if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
      throw ProblemException.invalidField("externalId", "must be 1 to 200 letters, digits, '.', '_', ':' or '-'");
    }
  }
}
