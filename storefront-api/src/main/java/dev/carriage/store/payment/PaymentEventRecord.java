package dev.carriage.store.payment;

import dev.carriage.store.order.PaymentProviderName;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A received payment event and what it did; its id makes every event count at most once. */
@Entity
@Table(name = "payment_event")
public class PaymentEventRecord {

  private static final int DETAIL_LENGTH_MAX = 500;

  @Id private String id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private PaymentProviderName provider;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private PaymentEventKind kind;

  @Column(name = "payment_id", updatable = false)
  private String paymentId;

  @Column(name = "order_id", updatable = false)
  private UUID orderId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Reaction.Outcome outcome;

  /** The cause written into the order's history when the event is applied. */
  @Column(nullable = false)
  private String detail;

  @Column(name = "received_at", nullable = false, updatable = false)
  private Instant receivedAt;

  @Column(name = "settled_at")
  private Instant settledAt;

  protected PaymentEventRecord() {}

  PaymentEventRecord(PaymentEvent event, UUID orderId, Instant now) {
    this.id = event.id();
    this.provider = event.provider();
    this.kind = event.kind();
    this.paymentId = event.paymentId();
    this.orderId = orderId;
    this.detail = clip(event.cause());
    this.receivedAt = now;
    this.outcome = Reaction.Outcome.DEFERRED;
  }

  void settle(Reaction.Outcome outcome, Instant now) {
    this.outcome = outcome;
    if (outcome != Reaction.Outcome.DEFERRED) {
      this.settledAt = now;
    }
  }

  void ignore(String why, Instant now) {
    this.detail = clip(detail + " [ignored: " + why + "]");
    settle(Reaction.Outcome.IGNORED, now);
  }

  /** Signed but not this order's money: kept with why, for an operator to review; it changes nothing. */
  void mismatch(String why, Instant now) {
    this.detail = clip(detail + " [mismatch: " + why + "]");
    settle(Reaction.Outcome.MISMATCH, now);
  }

  private static String clip(String text) {
    return text.length() > DETAIL_LENGTH_MAX ? text.substring(0, DETAIL_LENGTH_MAX) : text;
  }

  public String id() {
    return id;
  }

  public PaymentEventKind kind() {
    return kind;
  }

  public Reaction.Outcome outcome() {
    return outcome;
  }

  public String detail() {
    return detail;
  }
}
