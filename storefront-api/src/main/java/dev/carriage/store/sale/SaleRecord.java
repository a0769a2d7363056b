package dev.carriage.store.sale;

import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleSplit;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What one paid sale owes, written once from the split its sale entry posted: gross, royalty,
 * carrier pool, commission and the store's margin, with the rates they came from and the end of
 * its hold. Settlement and every dashboard read this; none recomputes a share.
 */
@Entity
@Table(name = "sale_record")
public class SaleRecord {

  @Id
  @Column(name = "order_id")
  private UUID orderId;

  @Column(name = "title_id", nullable = false, updatable = false)
  private UUID titleId;

  @Column(name = "publisher_id", nullable = false, updatable = false)
  private UUID publisherId;

  @Column(name = "buyer_id", nullable = false, updatable = false)
  private UUID buyerId;

  @Column(nullable = false, updatable = false)
  private String currency;

  @Column(name = "gross_minor", nullable = false, updatable = false)
  private long grossMinor;

  @Column(name = "royalty_basis", nullable = false, updatable = false)
  private String royaltyBasis;

  @Column(name = "royalty_bps", updatable = false)
  private Integer royaltyBasisPoints;

  @Column(name = "royalty_minor", nullable = false, updatable = false)
  private long royaltyMinor;

  @Column(name = "pool_bps", nullable = false, updatable = false)
  private int poolBasisPoints;

  @Column(name = "pool_minor", nullable = false, updatable = false)
  private long poolMinor;

  @Column(name = "affiliate_site_id", updatable = false)
  private UUID affiliateSiteId;

  @Column(name = "commission_bps", updatable = false)
  private Integer commissionBasisPoints;

  @Column(name = "commission_minor", nullable = false, updatable = false)
  private long commissionMinor;

  @Column(name = "margin_minor", nullable = false, updatable = false)
  private long marginMinor;

  @Column(name = "paid_at", nullable = false, updatable = false)
  private Instant paidAt;

  @Column(name = "hold_until", nullable = false, updatable = false)
  private Instant holdUntil;

  @Column(name = "pool_settled_at")
  private Instant poolSettledAt;

  @Column(name = "royalty_payable_at")
  private Instant royaltyPayableAt;

  @Column(name = "commission_payable_at")
  private Instant commissionPayableAt;

  protected SaleRecord() {}

  public SaleRecord(UUID orderId, UUID titleId, UUID buyerId, SaleSplit split, Instant paidAt, Instant holdUntil) {
    this.orderId = orderId;
    this.titleId = titleId;
    this.publisherId = split.royaltyTerms().publisherId();
    this.buyerId = buyerId;
    this.currency = split.gross().currencyCode();
    this.grossMinor = split.gross().minor();
    this.royaltyBasis = split.royaltyTerms().basis();
    this.royaltyBasisPoints = split.royaltyTerms().wholesale().isPresent() ? null : split.royaltyTerms().shareBasisPoints();
    this.royaltyMinor = split.royalty().minor();
    this.poolBasisPoints = split.poolBasisPoints();
    this.poolMinor = split.pool().minor();
    this.affiliateSiteId = split.commission().map(SaleSplit.Commission::siteId).orElse(null);
    this.commissionBasisPoints = split.commission().map(SaleSplit.Commission::basisPoints).orElse(null);
    this.commissionMinor = split.commissionAmount().minor();
    this.marginMinor = split.margin().minor();
    this.paidAt = paidAt;
    this.holdUntil = holdUntil;
  }

  public UUID orderId() {
    return orderId;
  }

  public UUID titleId() {
    return titleId;
  }

  public UUID publisherId() {
    return publisherId;
  }

  public UUID buyerId() {
    return buyerId;
  }

  public Money gross() {
    return Money.of(grossMinor, currency);
  }

  public Money royalty() {
    return Money.of(royaltyMinor, currency);
  }

  /** {@code share}, {@code wholesale}, or {@code none} for sales paid before royalties existed. */
  public String royaltyBasis() {
    return royaltyBasis;
  }

  public Optional<Integer> royaltyBasisPoints() {
    return Optional.ofNullable(royaltyBasisPoints);
  }

  public int poolBasisPoints() {
    return poolBasisPoints;
  }

  public Money pool() {
    return Money.of(poolMinor, currency);
  }

  /** The site whose commission the sale set aside (pending or held); empty when it set none aside. */
  public Optional<UUID> affiliateSiteId() {
    return Optional.ofNullable(affiliateSiteId);
  }

  public Optional<Integer> commissionBasisPoints() {
    return Optional.ofNullable(commissionBasisPoints);
  }

  public Money commission() {
    return Money.of(commissionMinor, currency);
  }

  public Money margin() {
    return Money.of(marginMinor, currency);
  }

  public Instant paidAt() {
    return paidAt;
  }

  public Instant holdUntil() {
    return holdUntil;
  }

  public boolean holdOpenAt(Instant now) {
    return now.isBefore(holdUntil);
  }

  public boolean poolSettled() {
    return poolSettledAt != null;
  }

  public boolean royaltyPayable() {
    return royaltyPayableAt != null;
  }

  public boolean commissionPayable() {
    return commissionPayableAt != null;
  }

  public void poolSettled(Instant at) {
    poolSettledAt = at;
  }

  public void royaltyMadePayable(Instant at) {
    royaltyPayableAt = at;
  }

  public void commissionMadePayable(Instant at) {
    commissionPayableAt = at;
  }
}
