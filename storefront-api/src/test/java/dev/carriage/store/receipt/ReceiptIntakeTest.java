package dev.carriage.store.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carriage.node.NodeDaemon;
import dev.carriage.node.store.StoreApiException;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Carriage;
import dev.carriage.store.support.GridLab;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receipt intake against hostile carriers and clients: every receipt goes over HTTP as its
 * node, signed as a client would; each refusal must be recorded with its reason and leave the
 * credits exactly as they were.
 */
@QuarkusTest
class ReceiptIntakeTest {

  /** 10 pieces of 16 KiB (the smallest piece size) and a short last one. */
  private static final int MEDIA_BYTES = 10 * 16 * 1024 + 777;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject EntityManager entityManager;

  private GridLab lab;
  private UUID titleId;
  private User buyer;
  private NodeDaemon carrierA;
  private NodeDaemon carrierB;
  private Carriage.Session session;
  private UUID orderId;

  @BeforeEach
  void aBuyerWithASessionAndTwoCarriers() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    User publisher = Api.signUp("Receipt publisher", "publisher");
    titleId = UUID.fromString(Api.titleOnSale(publisher, 1999, null));
    lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, 7), 16 * 1024);
    carrierA = lab.startCarrier(titleId, 0, false);
    carrierB = lab.startCarrier(titleId, 0, false);
    buyer = Api.signUp("Receipt buyer");
    orderId = UUID.fromString(Api.buy(buyer, titleId.toString()));
    session = Carriage.open(buyer, titleId);
  }

  @AfterEach
  void stopTheGrid() throws Exception {
    lab.close();
  }

  @Test
  void aValidReceipt_creditsItsPiecesBytes_andANewerOneAddsOnlyTheNewPieces() {
    JsonNode first = Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, 0, 1, 2));
    JsonNode second = Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 2, 0, 1, 2, 10));

    assertThat(first.path("piecesCredited").asInt()).isEqualTo(3);
    assertThat(first.path("bytesCredited").asLong()).isEqualTo(session.bytesOf(0, 1, 2));
    assertThat(second.path("piecesCredited").asInt()).isEqualTo(1);
    assertThat(second.path("bytesCredited").asLong()).isEqualTo(session.bytesOf(10)).isLessThan(session.bytesOf(0));
    assertThat(second.path("bytesTotal").asLong()).isEqualTo(session.bytesOf(0, 1, 2, 10));
    assertThat(creditedBytes(carrierA)).isEqualTo(session.bytesOf(0, 1, 2, 10));
  }

  @Test
  void aForgedSignature_isRefused_andRecorded() {
    Carriage.Session impostor = new Carriage.Session(session.sessionId(), titleId, newKey(), session.manifest());

    assertRefused(carrierA, impostor.receipt(carrierA.nodeId(), 1, 0, 1), RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void aReceiptForAnotherSession_isRefused() {
    User otherBuyer = Api.signUp("Other receipt buyer");
    Api.buy(otherBuyer, titleId.toString());
    Carriage.Session other = Carriage.open(otherBuyer, titleId);
    // Signed with this session's key but naming the other session: that session's ticket named another key.
    byte[] crossed = session.rawReceipt(other.sessionId(), titleId, carrierA.nodeId(), 1, session.manifest().pieceCount(),
        session.bytesOf(0), 0);
    byte[] unknown = session.rawReceipt(UUID.randomUUID(), titleId, carrierA.nodeId(), 1, session.manifest().pieceCount(),
        session.bytesOf(0), 0);

    assertRefused(carrierA, crossed, RejectionReason.BAD_SIGNATURE);
    assertRefused(carrierA, unknown, RejectionReason.UNKNOWN_SESSION);
  }

  @Test
  void aReplayedOrOlderSequence_isRefused_andTheCreditStaysAsItWas() {
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 5, 0, 1));

    assertRefused(carrierA, session.receipt(carrierA.nodeId(), 5, 0, 1), RejectionReason.REPLAYED, session.bytesOf(0, 1));
    assertRefused(carrierA, session.receipt(carrierA.nodeId(), 4, 0, 1, 2, 3), RejectionReason.REPLAYED, session.bytesOf(0, 1));
  }

  @Test
  void anInflatedByteCount_isRefused() {
    byte[] inflated = session.rawReceipt(session.sessionId(), titleId, carrierA.nodeId(), 1, session.manifest().pieceCount(),
        session.bytesOf(0, 1) + 1, 0, 1);

    assertRefused(carrierA, inflated, RejectionReason.BYTES_MISMATCH);
  }

  @Test
  void aPieceOutsideTheManifest_isRefused() {
    int count = session.manifest().pieceCount();
    byte[] outside = session.rawReceipt(session.sessionId(), titleId, carrierA.nodeId(), 1, count + 5, session.bytesOf(0), 0, count + 2);

    assertRefused(carrierA, outside, RejectionReason.PIECE_OUTSIDE_MANIFEST);
  }

  @Test
  void aReceiptSubmittedByANodeOtherThanTheOneNamed_isRefused() {
    assertRefused(carrierB, session.receipt(carrierA.nodeId(), 1, 0, 1), RejectionReason.NOT_THE_NAMED_CARRIER);
    assertThat(creditedBytes(carrierA)).isZero();
  }

  @Test
  void aPieceClaimedByTwoCarriers_isCreditedOnce_toTheFirst() {
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, 0, 1, 2));
    JsonNode second = Carriage.submit(carrierB, session.receipt(carrierB.nodeId(), 1, 2, 3));

    assertThat(second.path("piecesCredited").asInt()).isEqualTo(1);
    assertThat(second.path("piecesCreditedElsewhere").asInt()).isEqualTo(1);
    assertThat(creditedBytes(carrierA)).isEqualTo(session.bytesOf(0, 1, 2));
    assertThat(creditedBytes(carrierB)).isEqualTo(session.bytesOf(3));
    assertThat(reasonsRecorded(carrierB)).containsExactly(RejectionReason.PIECES_CREDITED_ELSEWHERE.name());
  }

  @Test
  void aSessionsCreditedBytes_neverExceedTheTitlesSize_whateverEveryoneClaims() {
    int[] all = java.util.stream.IntStream.range(0, session.manifest().pieceCount()).toArray();
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, all));
    Carriage.submit(carrierB, session.receipt(carrierB.nodeId(), 1, all));
    Carriage.submit(lab.origin(), session.receipt(lab.origin().nodeId(), 1, all));

    Number total = (Number) entityManager.createNativeQuery("select sum(bytes) from carriage_credit where session_id = ?1")
        .setParameter(1, session.sessionId()).getSingleResult();
    assertThat(total.longValue()).isEqualTo(session.manifest().storedSizeBytes());
  }

  /**
   * A buyer with a friend's node opens twenty more sessions after carrier A served the first
   * download, and has the friend claim every piece of each. The sale pays for each piece once:
   * the friend gets nothing of it, and the sale's carriage never exceeds the title's size.
   */
  @Test
  void twentySessionsOfOneLicence_cannotSteerTheSalesPool_eachPieceIsPaidOnce_firstClaimWins() {
    int[] all = java.util.stream.IntStream.range(0, session.manifest().pieceCount()).toArray();
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, all));
    NodeDaemon friend = carrierB;
    for (int i = 0; i < 20; i++) {
      Carriage.Session again = Carriage.open(buyer, titleId);
      JsonNode claimed = Carriage.submit(friend, again.receipt(friend.nodeId(), 1, all));
      assertThat(claimed.path("piecesCredited").asInt()).as("session %d", i).isZero();
      assertThat(claimed.path("piecesCreditedElsewhere").asInt()).isEqualTo(all.length);
    }

    assertThat(saleCredits(carrierA)).isEqualTo(session.manifest().storedSizeBytes());
    assertThat(saleCredits(friend)).isZero();
    assertThat(saleCredits(null)).isEqualTo(session.manifest().storedSizeBytes());
  }

  /**
   * What a colluding buyer can still do: have the friend serve the sale's first download. Then the
   * friend takes the pieces it served (the whole pool of a sale the buyer paid for in full, at
   * most), and a later honest carrier is credited only for pieces the sale had not yet paid for.
   */
  @Test
  void theBoundThatRemains_aFriendWhoCarriesFirstTakesAtMostTheSalesOwnPieces() {
    int count = session.manifest().pieceCount();
    int[] firstHalf = java.util.stream.IntStream.range(0, count / 2).toArray();
    int[] all = java.util.stream.IntStream.range(0, count).toArray();
    Carriage.submit(carrierB, session.receipt(carrierB.nodeId(), 1, firstHalf));
    Carriage.Session redownload = Carriage.open(buyer, titleId);
    JsonNode honest = Carriage.submit(carrierA, redownload.receipt(carrierA.nodeId(), 1, all));

    assertThat(honest.path("piecesCredited").asInt()).isEqualTo(count - firstHalf.length);
    assertThat(saleCredits(carrierB)).isEqualTo(session.bytesOf(firstHalf));
    assertThat(saleCredits(null)).isEqualTo(session.manifest().storedSizeBytes());
  }

  @Test
  void aCarrierOwnedByTheBuyer_earnsNothingForTheBuyersDownload() throws Exception {
    User carrierBuyer = Api.signUp("Self-carrying buyer", "carrier");
    Api.buy(carrierBuyer, titleId.toString());
    NodeDaemon own = lab.startClientNode(carrierBuyer, 0);
    Carriage.Session mine = Carriage.open(carrierBuyer, titleId);

    assertRefused(own, mine.receipt(own.nodeId(), 1, 0, 1, 2), RejectionReason.CARRIER_IS_THE_BUYER);
    assertThat(creditedBytes(own)).isZero();
  }

  /**
   * The withheld trial receipt: a carrier keeps the trial session's receipt and submits it after
   * the buyer paid. It counts for the trial session, which served no sale, so the sale's pool is
   * untouched; and once the session's ticket is past the grace, its receipts are refused.
   */
  @Test
  void aTrialReceiptHeldBackUntilAfterThePurchase_earnsNothingOfTheSale_andAnExpiredSessionsReceiptIsRefused() throws Exception {
    User publisher = Api.signUp("Trial publisher", "publisher");
    UUID trialTitle = UUID.fromString(Api.titleOnSale(publisher, 2999, 30));
    lab.publish(publisher, trialTitle, GridLab.randomMedia(newDirectory(), MEDIA_BYTES, 9), 16 * 1024);
    User trialist = Api.signUp("Trialist");
    trialist.request().body(java.util.Map.of("titleId", trialTitle.toString())).post("/api/library/trials").then().statusCode(201);
    Carriage.Session trial = Carriage.open(trialist, trialTitle);
    int[] all = java.util.stream.IntStream.range(0, trial.manifest().pieceCount()).toArray();
    UUID paid = UUID.fromString(Api.buy(trialist, trialTitle.toString()));

    JsonNode late = Carriage.submit(carrierA, trial.receipt(carrierA.nodeId(), 1, all));

    assertThat(late.path("piecesCredited").asInt()).isEqualTo(all.length);
    assertThat(creditsOfSale(paid)).isZero();

    Carriage.Session bought = Carriage.open(trialist, trialTitle);
    expireSession(bought.sessionId(), java.time.Duration.ofDays(2));
    long before = creditedBytes(carrierA);
    assertThatThrownBy(() -> Carriage.submit(carrierA, bought.receipt(carrierA.nodeId(), 1, all)))
        .isInstanceOfSatisfying(StoreApiException.class, refused -> assertThat(refused.status()).isEqualTo(422))
        .hasMessageContaining(RejectionReason.SESSION_EXPIRED.name());
    assertThat(creditedBytes(carrierA)).isEqualTo(before);
    assertThat(creditsOfSale(paid)).isZero();
  }

  @Test
  void garbage_isAMalformedRequest_andRecorded() {
    assertThatThrownBy(() -> Carriage.submit(carrierA, new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(StoreApiException.class, refused -> assertThat(refused.status()).isEqualTo(400))
        .hasMessageContaining("MALFORMED");
    assertThat(reasonsRecorded(carrierA)).containsExactly(RejectionReason.MALFORMED.name());
  }

  @Test
  void earningsAndPayoutSettings_areForTheNodesOwnerOnly() {
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, 0, 1));
    User ownerA = lab.operatorOf(carrierA);
    User ownerB = lab.operatorOf(carrierB);

    ownerA.request().get("/api/carrier/earnings").then().statusCode(200)
        .body("nodes.nodeId", org.hamcrest.Matchers.contains(carrierA.nodeId().toString()))
        .body("nodes[0].bytesCarried", org.hamcrest.Matchers.equalTo((int) session.bytesOf(0, 1)))
        .body("nodes[0].money[0].provisionalMinor", org.hamcrest.Matchers.equalTo(99));
    ownerB.request().queryParam("nodeId", carrierA.nodeId().toString()).get("/api/carrier/earnings").then().statusCode(403);
    buyer.request().get("/api/carrier/earnings").then().statusCode(403);
    ownerA.request().queryParam("from", "2026-13-01").get("/api/carrier/earnings").then().statusCode(400)
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
    ownerB.request().body(java.util.Map.of("method", "store_credit")).put("/api/carrier/nodes/" + carrierA.nodeId() + "/payout")
        .then().statusCode(403);
    ownerA.request().body(java.util.Map.of("method", "stripe_connect")).put("/api/carrier/nodes/" + carrierA.nodeId() + "/payout")
        .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("connectAccountId"));
    ownerA.request().body(java.util.Map.of("method", "stripe_connect", "connectAccountId", "acct_<script>"))
        .put("/api/carrier/nodes/" + carrierA.nodeId() + "/payout").then().statusCode(400);
    ownerA.request().get("/api/carrier/receipts/refused").then().statusCode(200).body("", org.hamcrest.Matchers.empty());
  }

  private void assertRefused(NodeDaemon submitter, byte[] receipt, RejectionReason reason) {
    assertRefused(submitter, receipt, reason, creditedBytes(submitter));
  }

  private void assertRefused(NodeDaemon submitter, byte[] receipt, RejectionReason reason, long creditedBefore) {
    assertThatThrownBy(() -> Carriage.submit(submitter, receipt))
        .isInstanceOfSatisfying(StoreApiException.class, refused -> assertThat(refused.status()).isEqualTo(422))
        .hasMessageContaining(reason.name());
    assertThat(reasonsRecorded(submitter)).contains(reason.name());
    assertThat(creditedBytes(submitter)).isEqualTo(creditedBefore);
    assertThat(creditedBytes(carrierA) + creditedBytes(carrierB)).isEqualTo(sessionCredits());
  }

  private long creditedBytes(NodeDaemon node) {
    return ((Number) entityManager.createNativeQuery("select coalesce(sum(bytes), 0) from carriage_credit where node_id = ?1")
        .setParameter(1, node.nodeId()).getSingleResult()).longValue();
  }

  /** Bytes credited to this sale (to one node, or to all when {@code node} is null). */
  private long saleCredits(NodeDaemon node) {
    return node == null ? creditsOfSale(orderId) : ((Number) entityManager.createNativeQuery(
            "select coalesce(sum(bytes), 0) from carriage_credit where order_id = ?1 and node_id = ?2")
        .setParameter(1, orderId).setParameter(2, node.nodeId()).getSingleResult()).longValue();
  }

  private long creditsOfSale(UUID order) {
    return ((Number) entityManager.createNativeQuery("select coalesce(sum(bytes), 0) from carriage_credit where order_id = ?1")
        .setParameter(1, order).getSingleResult()).longValue();
  }

  /** Moves a session's ticket expiry into the past, as if it had been opened long ago. */
  private void expireSession(UUID sessionId, java.time.Duration ago) {
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> entityManager
        .createNativeQuery("update download_session set expires_at = now() - make_interval(secs => ?2) where id = ?1")
        .setParameter(1, sessionId).setParameter(2, (double) ago.toSeconds()).executeUpdate());
  }

  private java.nio.file.Path newDirectory() {
    try {
      return lab.newDirectory("media-" + UUID.randomUUID());
    } catch (java.io.IOException failed) {
      throw new java.io.UncheckedIOException(failed);
    }
  }

  private long sessionCredits() {
    return ((Number) entityManager.createNativeQuery("select coalesce(sum(bytes), 0) from carriage_credit where session_id = ?1")
        .setParameter(1, session.sessionId()).getSingleResult()).longValue();
  }

  @SuppressWarnings("unchecked")
  private List<String> reasonsRecorded(NodeDaemon node) {
    return entityManager.createNativeQuery("select reason from receipt_rejection where submitted_by = ?1 order by id")
        .setParameter(1, node.nodeId()).getResultList();
  }

  private static java.security.KeyPair newKey() {
    try {
      return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
