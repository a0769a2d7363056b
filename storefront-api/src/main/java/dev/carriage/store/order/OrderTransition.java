package dev.carriage.store.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One step in an order's history, with what caused it. Never changed once written. */
@Entity
@Immutable
@Table(name = "order_transition")
public class OrderTransition {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "order_id", nullable = false)
  private UUID orderId;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status", nullable = false)
  private OrderStatus from;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status", nullable = false)
  private OrderStatus to;

  @Column(nullable = false)
  private String cause;

  @Column(name = "event_id")
  private String eventId;

  @Column(nullable = false)
  private Instant at;

  protected OrderTransition() {}

  OrderTransition(UUID orderId, OrderStatus from, OrderStatus to, String cause, String eventId, Instant at) {
    this.orderId = orderId;
    this.from = from;
    this.to = to;
    this.cause = cause.length() > 500 ? cause.substring(0, 500) : cause;
    this.eventId = eventId;
    this.at = at;
  }

  public UUID orderId() {
    return orderId;
  }

  public OrderStatus from() {
    return from;
  }

  public OrderStatus to() {
    return to;
  }

  public String cause() {
    return cause;
  }

  public String eventId() {
    return eventId;
  }

  public Instant at() {
    return at;
  }
}
