package dev.carriage.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Every setting of the store, with its default; each can be overridden by environment variable.
 * The bounds are checked at start: a rate outside 0 to 10,000 basis points, a window that is not
 * positive or a negative minimum stops the store with the setting named.
 */
@ConfigMapping(prefix = "carriage")
public interface StoreConfig {

  Auth auth();

  Secrets secrets();

  Password password();

  Demo demo();

  Orders orders();

  Payments payments();

  Grid grid();

  Affiliate affiliate();

  Ledger ledger();

  Mail mail();

  Metrics metrics();

  interface Metrics {
    /** How long gauges read from the database are reused before they are read again. */
    @WithDefault("PT30S")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 0)
    Duration reuse();
  }

  interface Mail {
    /**
     * Send mail through SMTP ({@code quarkus.mailer.*}); when false, every letter is written to
     * {@link #outbox()} for the operator to read instead (local runs, tests).
     */
    @WithDefault("false")
    boolean smtp();

    /** Where letters go when SMTP is off, one {@code .eml} file each. */
    @WithDefault("${java.io.tmpdir}/carriage-outbox")
    java.nio.file.Path outbox();

    @WithDefault("Carriage <no-reply@carriage.local>")
    String from();
  }

  interface Ledger {
    /** The carrier pool's share of each sale's gross. */
    @WithDefault("500")
    @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(10_000) int carrierPoolBasisPoints();

    /** How often the settlement job looks for sales whose hold has closed ({@code off} in tests, which run it by hand). */
    @WithDefault("1m")
    String settleEvery();

    /** How often payable balances are paid out ({@code off} to pay out only when an admin asks). */
    @WithDefault("24h")
    String payoutEvery();

    /** The smallest payable balance sent as a Stripe Connect transfer, in major units (store credit has no minimum). */
    @WithDefault("10.00")
    @jakarta.validation.constraints.DecimalMin("0") java.math.BigDecimal transferMinimum();

    /** At most this many sales are settled, or payees paid, per run; the next run goes on. */
    @WithDefault("10000")
    @jakarta.validation.constraints.Min(1) int batchMax();
  }

  /** The master key that seals secrets at rest (see {@code secrets/MasterKeys}). */
  interface Secrets {
    /** Base64 of 32 random bytes; the same on every replica. */
    java.util.Optional<String> masterKey();

    /** A file holding the key in base64 (a mounted Kubernetes secret, say); locally {@code $CARRIAGE_HOME/master.key}. */
    java.util.Optional<String> masterKeyFile();

    /** Master keys replaced by a rotation, still needed until the store has sealed everything again under the current one. */
    java.util.Optional<java.util.List<String>> previousMasterKeys();
  }

  interface Auth {
    /** How long a login token is good for. */
    @WithDefault("PT12H")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration tokenLifetime();

    /** The {@code iss} claim of every token this store issues and accepts. */
    @WithDefault("carriage")
    String issuer();

    /**
     * How long a signing key replaced by a rotation stays published, so tokens, tickets and
     * manifests it signed stay good; the key just replaced is published at least this long.
     */
    @WithDefault("P2D")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration retiredKeyRetention();
  }

  /**
   * Argon2id cost. The defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane);
   * each hash records its own parameters, so raising them later keeps old passwords working.
   */
  interface Password {
    @WithDefault("19456")
    int memoryKib();

    @WithDefault("2")
    int iterations();

    @WithDefault("1")
    int parallelism();
  }

  interface Demo {
    /** Seeds a small demo catalog and demo accounts on first start. Local runs only. */
    @WithDefault("false")
    boolean enabled();
  }

  interface Orders {
    /**
     * How long after payment a buyer may refund an order themselves. It is also the hold on
     * the sale's carrier and affiliate shares: they become payable when it closes.
     */
    @WithDefault("P14D")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration refundWindow();

    /** How often refunds recorded but not yet taken by the provider are asked again ("off" to leave it to requests and webhooks). */
    @WithDefault("30s")
    String paymentCallsEvery();
  }

  interface Payments {
    Stripe stripe();

    /** Stripe is used when an API key is set; otherwise the built-in sandbox takes payments. */
    interface Stripe {
      java.util.Optional<String> apiKey();

      /** The {@code whsec_...} secret that signs this store's webhook endpoint at Stripe. */
      java.util.Optional<String> webhookSecret();

      /** The {@code pk_...} key Stripe.js uses on the checkout page for the Payment Element. */
      java.util.Optional<String> publishableKey();

      /** Tests point the real client at a local fake of Stripe's API. */
      @WithDefault("https://api.stripe.com")
      String apiBase();
    }
  }

  interface Grid {
    /** How long a download ticket lets a client fetch pieces; a longer download asks again. */
    @WithDefault("PT2H")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration ticketLifetime();

    /** A node not heard from for this long is left out of peer lists. */
    @WithDefault("PT30S")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration heartbeatTimeout();

    /** The most carriers one peer list names (the origin comes on top). */
    @WithDefault("8")
    @jakarta.validation.constraints.Min(1) int sourcesMax();

    /** Carriers asking for work are given titles held complete by fewer healthy carriers than this. */
    @WithDefault("3")
    @jakarta.validation.constraints.Min(0) int replicasTarget();

    /**
     * How long after its ticket expired a session's receipts are still taken: time for a carrier
     * that was offline to submit. Later ones are refused, so carriage cannot be held back and
     * cashed in at a better moment.
     */
    @WithDefault("P1D")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 0) Duration receiptGrace();

    /**
     * The most places one account's nodes (and, separately, one address's) take in one peer
     * list, so a swarm of one owner's sybils cannot crowd out everyone else. Loopback addresses
     * (carriers on the store's own machine, as in a local run) share no address limit.
     */
    @WithDefault("2")
    @jakarta.validation.constraints.Min(1) int sourcesPerOwnerMax();
  }

  interface Affiliate {
    /** How long after a click on a fan site's link a purchase still earns that site its commission. */
    @WithDefault("P30D")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration window();

    /** An order placed sooner than this after its click is a cookie-stuffing signal: held for review, not paid. */
    @WithDefault("PT5S")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 0) Duration minimumDelay();

    /** The fan site's part of a referred sale, in basis points of gross. */
    @WithDefault("500")
    @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(10_000) int commissionBasisPoints();

    /** More clicks than this from one visitor on one site within {@link #floodPeriod} are flagged. */
    @WithDefault("20")
    @jakarta.validation.constraints.Min(1) int floodLimit();

    @WithDefault("PT1H")
    @org.hibernate.validator.constraints.time.DurationMin(nanos = 1) Duration floodPeriod();
  }
}
