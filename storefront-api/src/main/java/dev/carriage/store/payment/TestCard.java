package dev.carriage.store.payment;

import java.util.Optional;

/** The sandbox's test cards, numbered as in Stripe's test mode. */
enum TestCard {
  VISA_SUCCEEDS("4242424242424242", null),
  VISA_DECLINED("4000000000000002", "card_declined"),
  VISA_INSUFFICIENT_FUNDS("4000000000009995", "insufficient_funds");

  private final String number;
  private final String declineCode;

  TestCard(String number, String declineCode) {
    this.number = number;
    this.declineCode = declineCode;
  }

  /** Spaces and dashes between digit groups are allowed, as people type them. */
  static Optional<TestCard> of(String typed) {
    String digits = typed.replace(" ", "").replace("-", "");
    for (TestCard card : values()) {
      if (card.number.equals(digits)) {
        return Optional.of(card);
      }
    }
    return Optional.empty();
  }

  boolean succeeds() {
    return declineCode == null;
  }

  String declineCode() {
    return declineCode;
  }

  String lastFour() {
    return number.substring(number.length() - 4);
  }
}
