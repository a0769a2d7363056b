package dev.carriage.store.catalog;

import dev.carriage.ledger.Money;
import dev.carriage.store.account.Account;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import dev.carriage.store.sale.SaleTermsService;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** The catalog: searching titles, and publishers adding and changing their own. */
@ApplicationScoped
@Transactional
public class CatalogService {

  static final LocalDate RELEASE_DATE_MIN = LocalDate.of(1900, 1, 1);
  static final LocalDate RELEASE_DATE_MAX = LocalDate.of(2100, 12, 31);

  private final EntityManager entityManager;
  private final SaleTermsService saleTerms;
  private final Clock clock;

  public CatalogService(EntityManager entityManager, SaleTermsService saleTerms, Clock clock) {
    this.entityManager = entityManager;
    this.saleTerms = saleTerms;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<TitleView> find(UUID id) {
    return entityManager
        .createQuery("from Title t join fetch t.publisher where t.id = :id", Title.class)
        .setParameter("id", id)
        .getResultStream()
        .findFirst()
        .map(TitleView::of);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public TitlePage search(TitleSearch search) {
    // Withdrawn titles leave the shop window; their buyers still find them in their library.
    StringBuilder where = new StringBuilder(" where t.withdrawnAt is null");
    Map<String, Object> parameters = new HashMap<>();
    search.text().ifPresent(text -> {
      where.append(" and (t.name ilike :pattern escape '\\' or t.description ilike :pattern escape '\\')");
      parameters.put("pattern", "%" + escapeLike(text) + "%");
    });
    search.kind().ifPresent(kind -> {
      where.append(" and t.kind = :kind");
      parameters.put("kind", kind);
    });
    for (int i = 0; i < search.tags().size(); i++) {
      where.append(" and array_contains(t.tags, :tag").append(i).append(")");
      parameters.put("tag" + i, search.tags().get(i));
    }
    search.priceMaxMinor().ifPresent(max -> {
      where.append(" and t.priceMinor <= :priceMax");
      parameters.put("priceMax", max);
    });
    search.publisher().ifPresent(publisher -> {
      where.append(" and t.publisher.id = :publisher");
      parameters.put("publisher", publisher);
    });

    TypedQuery<Long> count = entityManager.createQuery("select count(t) from Title t" + where, Long.class);
    TypedQuery<Title> page =
        entityManager.createQuery(
            "from Title t join fetch t.publisher" + where + " order by " + search.sort().orderBy(), Title.class);
    parameters.forEach(count::setParameter);
    parameters.forEach(page::setParameter);
    long total = count.getSingleResult();
    List<TitleView> items =
        page.setFirstResult(search.offset()).setMaxResults(search.pageSize()).getResultStream().map(TitleView::of).toList();
    return TitlePage.of(items, search, total);
  }

  /** All of a publisher's titles, withdrawn ones too, newest first: their own page lists them. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<TitleView> ofPublisher(UUID publisherId, int max) {
    return entityManager.createQuery("from Title t join fetch t.publisher where t.publisher.id = :publisher order by t.createdAt desc, t.id",
            Title.class)
        .setParameter("publisher", publisherId).setMaxResults(max).getResultStream().map(TitleView::of).toList();
  }

  public TitleView create(UUID publisherId, TitleRequest request) {
    TitleDraft draft = draftOf(request);
    requireFits(publisherId, draft);
    Account publisher = entityManager.find(Account.class, publisherId);
    if (publisher == null) {
      // A still-valid token of an account that no longer exists speaks for nobody.
      throw new UnauthorizedException();
    }
    Title title = new Title(publisher, draft, clock.instant());
    entityManager.persist(title);
    entityManager.flush();
    return find(title.id()).orElseThrow();
  }

  /** Replaces a title's fields; only its own publisher may, and nothing changes otherwise. */
  public TitleView update(UUID publisherId, UUID titleId, TitleRequest request) {
    TitleDraft draft = draftOf(request);
    Title title = ownTitleForUpdate(publisherId, titleId);
    requireFits(publisherId, draft);
    title.apply(draft, clock.instant());
    entityManager.flush();
    return TitleView.of(title);
  }

  /**
   * A publisher's quick edit from their page: a new price (same currency) and description, every
   * other field (a DDEX deal's wholesale price included) as it is. The same checks as a full update.
   */
  public TitleView reprice(UUID publisherId, UUID titleId, long priceMinor, String description) {
    Title title = ownTitleForUpdate(publisherId, titleId);
    if (priceMinor < 0 || priceMinor > TitleRequest.PRICE_MINOR_MAX) {
      throw ProblemException.invalidField("price", "must be 0 to " + TitleRequest.PRICE_MINOR_MAX + " in minor units");
    }
    String text = description == null ? "" : description.strip();
    if (text.length() > TitleRequest.DESCRIPTION_LENGTH_MAX) {
      throw ProblemException.invalidField("description", "must be at most " + TitleRequest.DESCRIPTION_LENGTH_MAX + " characters");
    }
    TitleDraft now = title.draft();
    TitleDraft draft = new TitleDraft(now.kind(), now.name(), text, Money.of(priceMinor, now.price().currencyCode()), now.sizeBytes(),
        now.releaseDate(), now.tags(), now.trialDays(), now.wholesale());
    requireFits(publisherId, draft);
    title.apply(draft, clock.instant());
    entityManager.flush();
    return TitleView.of(title);
  }

  /** Takes a title off sale. Nothing is deleted: buyers keep their licences and downloads. */
  public TitleView withdraw(UUID publisherId, UUID titleId) {
    Title title = ownTitleForUpdate(publisherId, titleId);
    title.withdraw(clock.instant());
    entityManager.flush();
    return TitleView.of(title);
  }

  /** A price that would not cover the royalty, the carrier pool and a commission is refused, naming the price. */
  public void requireFits(UUID publisherId, TitleDraft draft) {
    saleTerms.requireFits(publisherId, draft.price(), draft.wholesale(), draft.wholesale().isPresent() ? "wholesale" : "price");
  }

  private Title ownTitleForUpdate(UUID publisherId, UUID titleId) {
    Title title = entityManager.find(Title.class, titleId, LockModeType.PESSIMISTIC_WRITE);
    if (title == null) {
      throw ProblemException.notFound("title", titleId);
    }
    if (!title.publisher().id().equals(publisherId)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "title " + titleId + " belongs to another publisher");
    }
    return title;
  }

  /** Checks what Bean Validation cannot: a known currency, a sane date, a consistent demo. */
  public static TitleDraft draftOf(TitleRequest request) {
    Money price;
    try {
      price = Money.of(request.price().amountMinor(), request.price().currency());
    } catch (IllegalArgumentException unknownCurrency) {
      throw ProblemException.invalidField("price.currency", "'" + request.price().currency() + "' is not a currency the store can sell in");
    }
    if (request.releaseDate().isBefore(RELEASE_DATE_MIN) || request.releaseDate().isAfter(RELEASE_DATE_MAX)) {
      throw ProblemException.invalidField("releaseDate", "must be between " + RELEASE_DATE_MIN + " and " + RELEASE_DATE_MAX);
    }
    List<String> tags =
        request.tags() == null ? List.of() : request.tags().stream().map(tag -> tag.toLowerCase(Locale.ROOT)).distinct().toList();
    return new TitleDraft(
        request.kind(),
        request.name().strip(),
        request.description().strip(),
        price,
        request.sizeBytes(),
        request.releaseDate(),
        tags,
        trialDaysOf(request.demo()),
        wholesaleOf(request, price));
  }

  private static Optional<Money> wholesaleOf(TitleRequest request, Money price) {
    if (request.wholesale() == null) {
      return Optional.empty();
    }
    if (!request.wholesale().currency().equals(price.currencyCode())) {
      throw ProblemException.invalidField("wholesale.currency", "must be the price's currency, " + price.currencyCode());
    }
    return Optional.of(Money.of(request.wholesale().amountMinor(), price.currencyCode()));
  }

  private static OptionalInt trialDaysOf(TitleRequest.Demo demo) {
    if (demo == null || demo.policy() == DemoPolicy.NONE) {
      if (demo != null && demo.days() != null) {
        throw ProblemException.invalidField("demo.days", "must be absent when the policy is none");
      }
      return OptionalInt.empty();
    }
    if (demo.days() == null) {
      throw ProblemException.invalidField("demo.days", "is required for a trial");
    }
    return OptionalInt.of(demo.days());
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
