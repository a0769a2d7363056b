package dev.carriage.store.support;

import dev.carriage.store.order.OrderStatusChanged;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands where the ledger will: records every order change handed over, so tests can count them. */
@Singleton
public class StatusChangeRecorder {

  private final List<OrderStatusChanged> changes = new CopyOnWriteArrayList<>();

  void record(@Observes OrderStatusChanged change) {
    changes.add(change);
  }

  public List<OrderStatusChanged> of(String orderId) {
    UUID id = UUID.fromString(orderId);
    return changes.stream().filter(change -> change.orderId().equals(id)).toList();
  }
}
