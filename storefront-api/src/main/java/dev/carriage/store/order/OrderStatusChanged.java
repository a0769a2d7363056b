package dev.carriage.store.order;

import dev.carriage.ledger.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired (as a synchronous CDI event, inside the transaction that changed the order) each time
 * an order changes status. This is the ledger's hand-off: an observer posts the sale, its
 * reversal or its hold in the same transaction, so money and order state cannot disagree.
 */
public record OrderStatusChanged(
    UUID orderId,
    UUID buyerId,
    UUID titleId,
    Money amount,
    OrderStatus from,
    OrderStatus to,
    String cause,
    String eventId,
    Instant at) {}
