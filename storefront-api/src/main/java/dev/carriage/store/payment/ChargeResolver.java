package dev.carriage.store.payment;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds the PaymentIntent of a charge, for events that name only the charge: Stripe's own
 * {@code charge.refunded} and {@code charge.dispute.*} fixtures carry no {@code payment_intent}.
 * The charge id recorded when the payment succeeded answers first; otherwise Stripe is asked, out
 * of any transaction (no row is locked while Stripe answers).
 */
@ApplicationScoped
public class ChargeResolver {

  private static final Logger LOG = Logger.getLogger(ChargeResolver.class);

  private final EntityManager entityManager;
  private final PaymentGateways.StripeAccess stripe;

  public ChargeResolver(EntityManager entityManager, PaymentGateways.StripeAccess stripe) {
    this.entityManager = entityManager;
    this.stripe = stripe;
  }

  /** The event with its payment filled in from its charge, when it named only a charge. */
  public PaymentEvent resolve(PaymentEvent event) {
    if (event.paymentId() != null || event.chargeId() == null) {
      return event;
    }
    return recorded(event.chargeId()).or(() -> askStripe(event.chargeId())).map(event::forPayment).orElse(event);
  }

  private Optional<String> recorded(String chargeId) {
    List<String> payments = entityManager.createQuery("select o.paymentId from Order o where o.chargeId = :charge", String.class)
        .setParameter("charge", chargeId).getResultList();
    return payments.stream().findFirst();
  }

  private Optional<String> askStripe(String chargeId) {
    if (stripe.client().isEmpty()) {
      return Optional.empty();
    }
    try {
      Charge charge = stripe.client().get().v1().charges().retrieve(chargeId);
      return Optional.ofNullable(charge.getPaymentIntent());
    } catch (InvalidRequestException unknown) {
      LOG.warnf("Stripe does not know charge %s: %s", chargeId, unknown.getMessage());
      return Optional.empty();
    } catch (StripeException unreachable) {
      // Stripe retries an event it got no 2xx for: the next delivery tries again.
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED, "charge " + chargeId + " could not be looked up at Stripe: "
          + unreachable.getMessage());
    }
  }
}
