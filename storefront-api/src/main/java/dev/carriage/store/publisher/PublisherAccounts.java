package dev.carriage.store.publisher;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.EntryCode;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.RoyaltyTerms;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.sale.PublisherTerms;
import dev.carriage.store.sale.SaleTerms;
import dev.carriage.store.sale.SaleTermsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** Publishers as payees: their royalty share (set by an admin), their payout method, their balances. */
@ApplicationScoped
@Transactional
public class PublisherAccounts {

  private final EntityManager entityManager;
  private final SaleTermsService saleTerms;
  private final Journal journal;
  private final Clock clock;

  public PublisherAccounts(EntityManager entityManager, SaleTermsService saleTerms, Journal journal, Clock clock) {
    this.entityManager = entityManager;
    this.saleTerms = saleTerms;
    this.journal = journal;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public PublisherAccountView view(UUID publisherId) {
    PublisherTerms terms = saleTerms.publisherTerms(publisherId);
    TreeSet<String> currencies = new TreeSet<>();
    for (AccountType type : List.of(AccountType.PUBLISHER_PENDING, AccountType.PUBLISHER_PAYABLE)) {
      journal.balances(type, List.of(publisherId.toString())).forEach(balance -> currencies.add(balance.balance().currencyCode()));
    }
    List<PublisherAccountView.Balance> balances = new ArrayList<>();
    for (String code : currencies) {
      java.util.Currency currency = Money.currency(code);
      Account payable = Account.publisherPayable(publisherId);
      long paid = journal.moved(payable, currency, List.of(EntryCode.PAYOUT.name()), 1)
          + journal.moved(payable, currency, List.of(EntryCode.PAYOUT_REVERSED.name()), -1);
      balances.add(new PublisherAccountView.Balance(code, journal.balance(Account.publisherPending(publisherId), currency).minor(),
          journal.balance(payable, currency).minor(), paid));
    }
    return new PublisherAccountView(publisherId, terms.royaltyShareBasisPoints(), terms.payoutMethod().toString(),
        terms.connectAccountId().orElse(null), balances);
  }

  /** Store credit, or a Stripe Connect account, as fan sites and carriers choose. */
  public PublisherAccountView changePayout(UUID publisherId, SiteRequests.Payout request) {
    request.requireConsistent();
    lockedTerms(publisherId).payTo(request.method(), request.connectAccountId(), clock.instant());
    return view(publisherId);
  }

  /**
   * An admin sets a publisher's royalty share. Refused, naming the title, when any of their
   * titles on sale without a wholesale price would then not cover its shares: reprice it first.
   */
  public PublisherAccountView setRoyaltyShare(UUID publisherId, int basisPoints) {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw ProblemException.invalidField("royaltyShareBasisPoints", "must be 0 to 10000");
    }
    PublisherTerms terms = lockedTerms(publisherId);
    SaleTerms proposed = saleTerms.withRoyalty(RoyaltyTerms.share(publisherId, basisPoints));
    for (Title title : entityManager.createQuery("from Title t where t.publisher.id = :publisher and t.withdrawnAt is null", Title.class)
        .setParameter("publisher", publisherId).getResultList()) {
      if (title.wholesale().isEmpty()) {
        saleTerms.requireFits(proposed, title.price(), "royaltyShareBasisPoints", "title " + title.id() + " (" + title.name() + "): ");
      }
    }
    terms.shareRoyalty(basisPoints, clock.instant());
    return view(publisherId);
  }

  private PublisherTerms lockedTerms(UUID publisherId) {
    PublisherTerms terms = entityManager.find(PublisherTerms.class, publisherId, LockModeType.PESSIMISTIC_WRITE);
    if (terms == null) {
      if (entityManager.find(dev.carriage.store.account.Account.class, publisherId) == null) {
        throw ProblemException.notFound("publisher", publisherId);
      }
      terms = new PublisherTerms(publisherId, clock.instant());
      entityManager.persist(terms);
    }
    return terms;
  }
}
