package dev.carriage.store.order;

import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Refunds, with the provider called outside any transaction: the refund is recorded and
 * committed ({@link OrderService#requestRefund}), asked of the provider with the order's
 * idempotency key, then completed ({@link OrderService#refundTaken}). A refund the provider
 * could not take now stays recorded and is asked again by the next run.
 */
@ApplicationScoped
public class Refunds {

  private static final Logger LOG = Logger.getLogger(Refunds.class);
  private static final int BATCH = 100;

  private final OrderService orders;
  private final PaymentCalls calls;
  private final PaymentGateway gateway;

  public Refunds(OrderService orders, PaymentCalls calls, PaymentGateway gateway) {
    this.orders = orders;
    this.calls = calls;
    this.gateway = gateway;
  }

  /** A buyer's or admin's refund: the order as it stands after the provider was asked. */
  public OrderView refund(UUID callerId, boolean callerIsAdmin, UUID orderId) {
    OrderService.RefundRequested requested = orders.requestRefund(callerId, callerIsAdmin, orderId);
    if (requested.call().isEmpty()) {
      return requested.order();
    }
    Optional<String> refused = send(requested.call().get());
    if (refused.isPresent()) {
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED,
          refused.get() + "; the refund is recorded and will be asked of the provider again until it is taken");
    }
    return orders.find(callerId, callerIsAdmin, orderId);
  }

  @Scheduled(every = "${carriage.orders.payment-calls-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    sendDue();
  }

  /** Asks the provider for every refund that is due: recorded by a webhook, left by a crash, or waiting out a back-off. */
  public int sendDue() {
    int taken = 0;
    for (UUID callId : calls.due(BATCH)) {
      if (send(callId).isEmpty()) {
        taken++;
      }
    }
    return taken;
  }

  /** One attempt at a recorded refund; the provider's refusal, if it refused. */
  private Optional<String> send(UUID callId) {
    Optional<PaymentCalls.Claimed> claimed = calls.claim(callId);
    if (claimed.isEmpty()) {
      return Optional.empty(); // done already, or another run is asking right now
    }
    PaymentCalls.Claimed call = claimed.get();
    try {
      gateway.refund(orders.order(call.orderId()));
    } catch (PaymentGateway.GatewayException failed) {
      LOG.warnf(failed, "Refund of order %s not taken (attempt %d)", call.orderId(), call.attempt());
      calls.attemptFailed(call, failed.getMessage());
      return Optional.of(failed.getMessage());
    }
    orders.refundTaken(call.callId(), call.orderId(), call.cause());
    return Optional.empty();
  }
}
