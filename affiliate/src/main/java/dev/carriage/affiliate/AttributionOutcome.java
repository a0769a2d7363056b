package dev.carriage.affiliate;

/** What the attribution rules decided for an order, kept on the order for the audit trail. */
public enum AttributionOutcome {
  /** The site earns the commission once the order is paid. */
  ATTRIBUTED,
  /** Ordered only seconds after the click: a cookie-stuffing signal. Held for an admin. */
  HELD_TOO_FAST,
  /** The click came in a burst from one visitor. Held for an admin. */
  HELD_CLICK_FLOOD,
  /** The buyer owns the site. Never paid. */
  SELF_REFERRAL,
  /** The site was suspended. Never paid. */
  SITE_SUSPENDED,
  /** The latest click is older than the attribution window. */
  EXPIRED;

  public boolean earns() {
    return this == ATTRIBUTED;
  }

  public boolean isHeld() {
    return this == HELD_TOO_FAST || this == HELD_CLICK_FLOOD;
  }

  /** The name in JSON and CSV. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
