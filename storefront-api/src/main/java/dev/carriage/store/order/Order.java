package dev.carriage.store.order;

import dev.carriage.affiliate.Attribution;
import dev.carriage.affiliate.AttributionOutcome;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.RoyaltyTerms;
import dev.carriage.store.sale.SaleTerms;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One attempt to buy one title. The price is captured when the order is placed; the status
 * changes only through {@link #moveTo}, which refuses what {@link OrderStatus} does not allow.
 */
@Entity
@Table(name = "purchase_order")
public class Order {

  @Id private UUID id;

  @Column(name = "buyer_id", nullable = false, updatable = false)
  private UUID buyerId;

  @Column(name = "title_id", nullable = false, updatable = false)
  private UUID titleId;

  @Column(name = "amount_minor", nullable = false, updatable = false)
  private long amountMinor;

  @Column(nullable = false, updatable = false)
  private String currency;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private OrderStatus status;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private PaymentProviderName provider;

  @Column(name = "payment_id", nullable = false)
  private String paymentId;

  @Column(name = "client_secret", nullable = false)
  private String clientSecret;

  @Column(name = "failure_reason")
  private String failureReason;

  @Column(name = "affiliate_code", updatable = false)
  private String affiliateCode;

  @Column(name = "affiliate_site_id", updatable = false)
  private UUID affiliateSiteId;

  @Column(name = "affiliate_click_id", updatable = false)
  private UUID affiliateClickId;

  @Enumerated(EnumType.STRING)
  @Column(updatable = false)
  private AttributionOutcome attribution;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "paid_at")
  private Instant paidAt;

  /** The provider's charge that paid this order, recorded from the payment event: charge-only events find the order by it. */
  @Column(name = "charge_id")
  private String chargeId;

  /** The end of this sale's refund window and of the hold on its shares: fixed once, when it is paid. */
  @Column(name = "hold_until")
  private Instant holdUntil;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  // The sale terms fixed at checkout (see SaleTerms); null on orders placed before they were kept.
  @Column(name = "pool_bps", updatable = false)
  private Integer poolBasisPoints;

  @Column(name = "commission_bps", updatable = false)
  private Integer commissionBasisPoints;

  @Column(name = "publisher_id", updatable = false)
  private UUID publisherId;

  @Column(name = "royalty_share_bps", updatable = false)
  private Integer royaltyShareBasisPoints;

  @Column(name = "royalty_wholesale_minor", updatable = false)
  private Long royaltyWholesaleMinor;

  @Version private long version;

  protected Order() {}

  public Order(UUID id, UUID buyerId, UUID titleId, Money amount, String affiliateCode, Instant now) {
    if (amount.minor() <= 0) {
      throw new IllegalArgumentException("an order's amount must be positive: " + amount);
    }
    this.id = id;
    this.buyerId = buyerId;
    this.titleId = titleId;
    this.amountMinor = amount.minor();
    this.currency = amount.currencyCode();
    this.affiliateCode = affiliateCode;
    this.status = OrderStatus.CREATED;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** Who will take the payment; the payment itself is opened after the order is saved (see {@link Checkout}). */
  void awaitPaymentFrom(PaymentProviderName provider) {
    this.provider = provider;
  }

  /** Whether the provider has opened this order's payment yet. */
  public boolean paymentOpened() {
    return paymentId != null;
  }

  /** Records the payment the provider opened for this order; done once. */
  void attachPayment(PaymentProviderName provider, String paymentId, String clientSecret) {
    if (this.paymentId != null) {
      throw new IllegalStateException("order " + id + " already has payment " + this.paymentId);
    }
    this.provider = provider;
    this.paymentId = paymentId;
    this.clientSecret = clientSecret;
  }

  /** The click that referred this order, decided once, before it is saved. */
  void attributeTo(Attribution decided) {
    this.affiliateSiteId = decided.siteId();
    this.affiliateClickId = decided.clickId();
    this.attribution = decided.outcome();
  }

  /** The terms the sale will be split by, checked and fixed once, before the order is saved. */
  void fixTerms(SaleTerms terms) {
    this.poolBasisPoints = terms.poolBasisPoints();
    this.commissionBasisPoints = terms.commissionBasisPoints();
    this.publisherId = terms.royalty().publisherId();
    this.royaltyShareBasisPoints = terms.royalty().wholesale().isPresent() ? null : terms.royalty().shareBasisPoints();
    this.royaltyWholesaleMinor = terms.royalty().wholesale().map(Money::minor).orElse(null);
  }

  /** The terms fixed at checkout; empty for an order placed before they were kept. */
  public Optional<SaleTerms> terms() {
    if (poolBasisPoints == null) {
      return Optional.empty();
    }
    RoyaltyTerms royalty = royaltyWholesaleMinor != null
        ? RoyaltyTerms.wholesale(publisherId, Money.of(royaltyWholesaleMinor, currency))
        : RoyaltyTerms.share(publisherId, royaltyShareBasisPoints);
    return Optional.of(new SaleTerms(poolBasisPoints, commissionBasisPoints, royalty));
  }

  /** Moves to {@code target} or throws; the caller records the transition and its cause. */
  OrderTransition moveTo(OrderStatus target, String cause, String eventId, Instant now, java.time.Duration holdWindow) {
    if (!status.canMoveTo(target)) {
      throw new IllegalTransitionException(this, target);
    }
    OrderTransition transition = new OrderTransition(id, status, target, cause, eventId, now);
    status = target;
    updatedAt = now;
    if (target == OrderStatus.PAID && paidAt == null) {
      paidAt = now;
      holdUntil = now.plus(holdWindow);
    }
    if (target == OrderStatus.FAILED) {
      failureReason = cause;
    }
    return transition;
  }

  public UUID id() {
    return id;
  }

  public UUID buyerId() {
    return buyerId;
  }

  public UUID titleId() {
    return titleId;
  }

  public Money amount() {
    return Money.of(amountMinor, currency);
  }

  public OrderStatus status() {
    return status;
  }

  public PaymentProviderName provider() {
    return provider;
  }

  public String paymentId() {
    return paymentId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public Optional<String> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  public Optional<String> affiliateCode() {
    return Optional.ofNullable(affiliateCode);
  }

  public Optional<AttributionOutcome> attribution() {
    return Optional.ofNullable(attribution);
  }

  public Optional<UUID> affiliateSiteId() {
    return Optional.ofNullable(affiliateSiteId);
  }

  public Optional<UUID> affiliateClickId() {
    return Optional.ofNullable(affiliateClickId);
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** Records the charge that paid this order, once (a later, different one is not taken). */
  public void recordCharge(String charge) {
    if (this.chargeId == null && charge != null) {
      this.chargeId = charge;
    }
  }

  /** When the sale's refund window closes and its shares may be settled; set once, when paid. */
  public Optional<Instant> holdUntil() {
    return Optional.ofNullable(holdUntil);
  }

  public Optional<Instant> paidAt() {
    return Optional.ofNullable(paidAt);
  }
}
