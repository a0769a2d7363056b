package dev.carriage.store.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local fake of the two Stripe API calls the store makes — create a PaymentIntent, create a
 * Refund — answering with Stripe-shaped JSON and honouring idempotency keys as Stripe does. It
 * keeps every request, so tests can check what the real stripe-java client sent.
 */
public final class FakeStripe {

  /** One request as Stripe would see it: form fields, and the headers that matter. */
  public record Call(String path, Map<String, String> form, String idempotencyKey, String authorization, String stripeVersion) {}

  private final WireMockServer server = new WireMockServer(options().dynamicPort().extensions(new Responder()));
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> responsesByIdempotencyKey = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<String> balanceTransactions = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> failuresByKey = new ConcurrentHashMap<>();
  /** Each PaymentIntent the fake opened: amount and currency, as Stripe would report them in its events. */
  private final Map<String, String[]> intents = new ConcurrentHashMap<>();
  /** Charges by id, each with its PaymentIntent, for {@code GET /v1/charges/{id}}. */
  private final Map<String, String> charges = new ConcurrentHashMap<>();

  /** What a PaymentIntent the fake opened is for: {amount, currency}; null when it opened no such intent. */
  public String[] intent(String paymentIntentId) {
    return intents.get(paymentIntentId);
  }

  /** The charge Stripe makes when a PaymentIntent succeeds; {@code GET /v1/charges/{id}} answers with it. */
  public String chargeOf(String paymentIntentId) {
    return addCharge("ch_for_" + paymentIntentId, paymentIntentId);
  }

  /** A charge of this PaymentIntent that Stripe knows and the store has never been told of. */
  public String addCharge(String chargeId, String paymentIntentId) {
    charges.put(chargeId, paymentIntentId);
    return chargeId;
  }

  /**
   * Connect accounts made through onboarding, and whether their owner finished it. Any other
   * {@code acct_} id is described as an account that can receive transfers (as a pasted,
   * already-onboarded account would be).
   */
  private final Map<String, Boolean> onboarded = new ConcurrentHashMap<>();

  /** The account's owner finishes Stripe's onboarding: from now on Stripe says it can receive transfers. */
  public void finishOnboarding(String accountId) {
    onboarded.put(accountId, true);
  }

  /** A connected account Stripe refuses transfers to (as a closed or unknown account). */
  public static final String REFUSING_ACCOUNT = "acct_refuses";
  /** A connected account whose first transfer attempts (the client's own retries included) all fail with a server error. */
  public static final String FLAKY_ACCOUNT = "acct_flaky";
  private static final int FLAKY_FAILURES = 3;
  /**
   * A connected account whose transfers Stripe makes, yet answers every request for with an
   * idempotency error (as when the same key arrives while its first request is in flight).
   */
  public static final String CONFLICTING_ACCOUNT = "acct_conflicts";

  /** Transfers made, by transfer group, for {@code GET /v1/transfers?transfer_group=}. */
  private final Map<String, List<String>> transfersByGroup = new ConcurrentHashMap<>();

  /** How many transfers were made for this payout: replays of an idempotency key make none. */
  public int transfersMade(String payoutId) {
    return transfersByGroup.getOrDefault("payout-" + payoutId, List.of()).size();
  }

  private volatile java.util.function.Consumer<String> onRequest = path -> {};

  /** Runs while each request is being answered, with its path: to look at what the store holds while it waits on Stripe. */
  public void whileAnswering(java.util.function.Consumer<String> hook) {
    onRequest = hook == null ? path -> {} : hook;
  }

  /** Stripe forgets idempotency keys after about 24 hours: a key sent again afterwards is a new request. */
  public void forgetIdempotencyKeys() {
    responsesByIdempotencyKey.clear();
  }

  /** Adds a line to Stripe's balance history, as a charge, refund or transfer would. */
  public void addBalanceTransaction(String type, long amount, String currency) {
    balanceTransactions.add(("{\"id\": \"txn_fake_%d\", \"object\": \"balance_transaction\", \"amount\": %d, \"currency\": \"%s\","
        + " \"type\": \"%s\", \"status\": \"available\", \"fee\": 0, \"net\": %d, \"created\": %d}")
        .formatted(sequence.incrementAndGet(), amount, currency, type, amount, java.time.Instant.now().getEpochSecond()));
  }

  public void start() {
    server.start();
    server.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse().withStatus(404)));
  }

  public void stop() {
    server.stop();
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public List<Call> calls(String path) {
    return calls.stream().filter(call -> call.path().equals(path)).toList();
  }

  /** WireMock's hook; a separate class because an extension's own start/stop mean something else. */
  private final class Responder implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "fake-stripe";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      return respond(event);
    }
  }

  private ResponseDefinition respond(ServeEvent event) {
    String url = event.getRequest().getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    onRequest.accept(path);
    if (path.equals("/v1/transfers") && event.getRequest().getMethod().getName().equals("GET")) {
      String group = formOf(url.contains("?") ? url.substring(url.indexOf('?') + 1) : "").get("transfer_group");
      calls.add(new Call(path, Map.of("transfer_group", String.valueOf(group)), null, null, null));
      return jsonResponse("{\"object\": \"list\", \"url\": \"/v1/transfers\", \"has_more\": false, \"data\": ["
          + String.join(",", transfersByGroup.getOrDefault(group, List.of())) + "]}");
    }
    Map<String, String> form = formOf(event.getRequest().getBodyAsString());
    String key = event.getRequest().getHeader("Idempotency-Key");
    calls.add(new Call(path, form, key, event.getRequest().getHeader("Authorization"), event.getRequest().getHeader("Stripe-Version")));
    String body;
    if (key != null && responsesByIdempotencyKey.containsKey(path + key)) {
      body = responsesByIdempotencyKey.get(path + key);
    } else if (path.startsWith("/v1/balance_transactions")) {
      return jsonResponse("{\"object\": \"list\", \"url\": \"/v1/balance_transactions\", \"has_more\": false, \"data\": ["
          + String.join(",", balanceTransactions) + "]}");
    } else if (path.equals("/v1/transfers") && REFUSING_ACCOUNT.equals(form.get("destination"))) {
      return new ResponseDefinition(400, "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"account_invalid\","
          + " \"message\": \"No such destination: 'acct_refuses'\"}}");
    } else if (path.equals("/v1/transfers") && FLAKY_ACCOUNT.equals(form.get("destination"))
        && failuresByKey.merge(String.valueOf(key), 1, Integer::sum) <= FLAKY_FAILURES) {
      return new ResponseDefinition(500, "{\"error\": {\"type\": \"api_error\", \"message\": \"try again later\"}}");
    } else if (path.equals("/v1/transfers") && CONFLICTING_ACCOUNT.equals(form.get("destination"))) {
      responsesByIdempotencyKey.computeIfAbsent(path + key, ignored -> transfer(form));
      return new ResponseDefinition(400, "{\"error\": {\"type\": \"idempotency_error\", \"message\": \"Keys for idempotent requests"
          + " can only be used with the same parameters they were first used with.\"}}");
    } else if (path.equals("/v1/transfers")) {
      body = transfer(form);
    } else if (path.equals("/v1/accounts")) {
      String id = "acct_fake" + sequence.incrementAndGet();
      onboarded.put(id, false);
      body = account(id, false, form.get("email"));
    } else if (path.startsWith("/v1/accounts/")) {
      String id = path.substring("/v1/accounts/".length());
      return jsonResponse(account(id, onboarded.getOrDefault(id, true), null));
    } else if (path.equals("/v1/account_links")) {
      body = ("{\"object\": \"account_link\", \"url\": \"https://connect.stripe.test/setup/e/%s/%d\", \"created\": 1,"
          + " \"expires_at\": 4102444800}").formatted(form.get("account"), sequence.incrementAndGet());
    } else if (path.equals("/v1/payment_intents")) {
      body = paymentIntent(form);
    } else if (path.equals("/v1/refunds") && refundOutages.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      return new ResponseDefinition(500, "{\"error\": {\"type\": \"api_error\", \"message\": \"try again later\"}}");
    } else if (path.equals("/v1/refunds") && refundsMade(form.get("payment_intent")) > 0) {
      return new ResponseDefinition(400, "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"charge_already_refunded\","
          + " \"message\": \"Charge has already been refunded.\"}}");
    } else if (path.equals("/v1/refunds")) {
      body = refund(form);
    } else if (path.startsWith("/v1/charges/") && charges.containsKey(path.substring("/v1/charges/".length()))) {
      String charge = path.substring("/v1/charges/".length());
      return jsonResponse("{\"id\": \"%s\", \"object\": \"charge\", \"payment_intent\": \"%s\", \"livemode\": false}"
          .formatted(charge, charges.get(charge)));
    } else if (path.startsWith("/v1/charges/")) {
      return new ResponseDefinition(404, "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\","
          + " \"message\": \"No such charge\"}}");
    } else {
      return new ResponseDefinition(404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL\"}}");
    }
    if (key != null) {
      responsesByIdempotencyKey.putIfAbsent(path + key, body);
    }
    return jsonResponse(body);
  }

  private static ResponseDefinition jsonResponse(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("Request-Id", "req_fake")
        .withBody(body).build();
  }

  private static String account(String id, boolean ready, String email) {
    return ("{\"id\": \"%s\", \"object\": \"account\", \"type\": \"express\", \"email\": %s, \"details_submitted\": %s,"
        + " \"payouts_enabled\": %s, \"charges_enabled\": false, \"capabilities\": {\"transfers\": \"%s\"}}")
        .formatted(id, email == null ? "null" : "\"" + email + "\"", ready, ready, ready ? "active" : "inactive");
  }

  private String paymentIntent(Map<String, String> form) {
    String id = "pi_fake_" + sequence.incrementAndGet();
    intents.put(id, new String[] {form.get("amount"), form.get("currency")});
    return """
        {"id": "%s", "object": "payment_intent", "amount": %s, "currency": "%s", "status": "requires_payment_method",
         "client_secret": "%s_secret_fake", "livemode": false, "metadata": {"order_id": "%s"}}
        """.formatted(id, form.get("amount"), form.get("currency"), id, form.get("metadata[order_id]"));
  }

  private String transfer(Map<String, String> form) {
    long amount = Long.parseLong(form.get("amount"));
    addBalanceTransaction("transfer", -amount, form.get("currency"));
    String transfer = ("{\"id\": \"tr_fake_%d\", \"object\": \"transfer\", \"amount\": %d, \"currency\": \"%s\", \"destination\": \"%s\","
        + " \"reversed\": false, \"transfer_group\": \"%s\", \"metadata\": {\"payout_id\": \"%s\"}}")
        .formatted(sequence.incrementAndGet(), amount, form.get("currency"), form.get("destination"), form.get("transfer_group"),
            form.get("metadata[payout_id]"));
    transfersByGroup.computeIfAbsent(String.valueOf(form.get("transfer_group")), ignored -> new CopyOnWriteArrayList<>()).add(transfer);
    return transfer;
  }

  /** Refunds made, by PaymentIntent: replays of an idempotency key make none. */
  private final Map<String, AtomicInteger> refundsByIntent = new ConcurrentHashMap<>();
  private final AtomicInteger refundOutages = new AtomicInteger();

  public int refundsMade(String paymentIntentId) {
    AtomicInteger made = refundsByIntent.get(paymentIntentId);
    return made == null ? 0 : made.get();
  }

  /** The next this many refund requests (stripe-java's own retries included) answer with a server error, as in an outage. */
  public void refundOutage(int requests) {
    refundOutages.set(requests);
  }

  private String refund(Map<String, String> form) {
    refundsByIntent.computeIfAbsent(form.get("payment_intent"), ignored -> new AtomicInteger()).incrementAndGet();
    return """
        {"id": "re_fake_%d", "object": "refund", "payment_intent": "%s", "status": "succeeded", "amount": 0}
        """.formatted(sequence.incrementAndGet(), form.get("payment_intent"));
  }

  private static Map<String, String> formOf(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }
}
