package dev.carriage.store.order;

import dev.carriage.ledger.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * Fired (as a synchronous CDI event, inside the transaction that changed the order) each time
 * an order changes status, for whoever wants to follow orders. The money does not ride on it:
 * {@link SaleFlow} is called explicitly, before it fires.
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
