package dev.carriage.store.sale;

import dev.carriage.ledger.RoyaltyTerms;
import dev.carriage.store.affiliate.PayoutMethod;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A publisher's royalty share and how they are paid; a publisher without a row has the defaults. */
@Entity
@Table(name = "publisher_terms")
public class PublisherTerms {

  @Id
  @Column(name = "account_id")
  private UUID accountId;

  @Column(name = "royalty_share_bps", nullable = false)
  private int royaltyShareBasisPoints;

  @Enumerated(EnumType.STRING)
  @Column(name = "payout_method", nullable = false)
  private PayoutMethod payoutMethod;

  @Column(name = "connect_account_id")
  private String connectAccountId;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected PublisherTerms() {}

  public PublisherTerms(UUID accountId, Instant now) {
    this.accountId = accountId;
    this.royaltyShareBasisPoints = RoyaltyTerms.DEFAULT_SHARE_BASIS_POINTS;
    this.payoutMethod = PayoutMethod.STORE_CREDIT;
    this.updatedAt = now;
  }

  public static PublisherTerms defaults(UUID accountId) {
    return new PublisherTerms(accountId, Instant.EPOCH);
  }

  public UUID accountId() {
    return accountId;
  }

  public int royaltyShareBasisPoints() {
    return royaltyShareBasisPoints;
  }

  public PayoutMethod payoutMethod() {
    return payoutMethod;
  }

  public Optional<String> connectAccountId() {
    return Optional.ofNullable(connectAccountId);
  }

  public void shareRoyalty(int basisPoints, Instant now) {
    this.royaltyShareBasisPoints = basisPoints;
    this.updatedAt = now;
  }

  public void payTo(PayoutMethod method, String connectAccount, Instant now) {
    this.payoutMethod = method;
    this.connectAccountId = connectAccount;
    this.updatedAt = now;
  }
}
