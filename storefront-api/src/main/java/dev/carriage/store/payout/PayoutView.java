package dev.carriage.store.payout;

import java.time.Instant;
import java.util.UUID;

/** One payout as its payee sees it. */
public record PayoutView(UUID id, PayeeType payeeType, UUID payeeId, String method, long amountMinor, String currency, String state,
    String transferId, String failure, Instant createdAt, Instant updatedAt) {}
