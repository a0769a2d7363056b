package dev.carriage.store.sale;

import dev.carriage.ledger.Money;
import dev.carriage.ledger.RoyaltyTerms;
import dev.carriage.ledger.SaleSplit;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * The terms a title sells under now: the store's carrier-pool and commission rates, and its
 * publisher's royalty (the title's wholesale price, else the publisher's share). Every price,
 * deal and share is checked here against them before it is accepted.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SaleTermsService {

  private final EntityManager entityManager;
  private final StoreConfig config;

  public SaleTermsService(EntityManager entityManager, StoreConfig config) {
    this.entityManager = entityManager;
    this.config = config;
  }

  public SaleTerms terms(UUID publisherId, Optional<Money> wholesale) {
    return withRoyalty(wholesale
        .map(price -> RoyaltyTerms.wholesale(publisherId, price))
        .orElseGet(() -> RoyaltyTerms.share(publisherId, publisherTerms(publisherId).royaltyShareBasisPoints())));
  }

  /** The store's rates now, with this royalty. */
  public SaleTerms withRoyalty(RoyaltyTerms royalty) {
    return new SaleTerms(config.ledger().carrierPoolBasisPoints(), config.affiliate().commissionBasisPoints(), royalty);
  }

  /** A publisher's terms, or the defaults when they never set any. */
  public PublisherTerms publisherTerms(UUID publisherId) {
    PublisherTerms terms = entityManager.find(PublisherTerms.class, publisherId);
    return terms != null ? terms : PublisherTerms.defaults(publisherId);
  }

  /**
   * Refuses a price (with its wholesale price, if any) that would leave a referred sale a
   * negative margin: a 400 naming {@code field}.
   */
  public void requireFits(UUID publisherId, Money price, Optional<Money> wholesale, String field) {
    requireFits(terms(publisherId, wholesale), price, field, "");
  }

  /** The same check for proposed terms; {@code about} starts the message (which title, say). */
  public void requireFits(SaleTerms terms, Money price, String field, String about) {
    try {
      terms.requireFits(price);
    } catch (SaleSplit.SharesExceedGross refused) {
      throw ProblemException.invalidField(field, about + refused.getMessage());
    }
  }
}
