package dev.carriage.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Splits a whole amount pro rata by weights so the parts sum to it exactly (Hamilton's
 * method): each part gets the floor of its exact share, and the units left go one each to the
 * largest fractional remainders. Equal remainders go in key order, so the split is the same on
 * every run. Exact integer arithmetic throughout: the remainders are compared as fractions.
 */
public final class LargestRemainder {

  private LargestRemainder() {}

  /**
   * @param amount a non-negative whole amount
   * @param weights non-negative weights by key, at least one positive; the map's order breaks ties
   * @return each key's part, in the weights' order; parts sum to {@code amount}
   */
  public static <K> Map<K, Long> split(long amount, SortedMap<K, Long> weights) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount: " + amount + " (expected: >= 0)");
    }
    long total = 0;
    for (Map.Entry<K, Long> weight : weights.entrySet()) {
      if (weight.getValue() < 0) {
        throw new IllegalArgumentException("weight of " + weight.getKey() + ": " + weight.getValue() + " (expected: >= 0)");
      }
      total = Math.addExact(total, weight.getValue());
    }
    if (total == 0) {
      throw new IllegalArgumentException("weights: none is positive, so there is nothing to split by");
    }
    record Share<K>(K key, int order, long floor, long remainder) {}
    List<Share<K>> shares = new ArrayList<>();
    long given = 0;
    int order = 0;
    for (Map.Entry<K, Long> weight : weights.entrySet()) {
      // amount * weight can exceed a long (a pool of 10^12 minor units times terabytes), so the
      // product is taken exactly; floor and remainder both fit, being below amount and total.
      java.math.BigInteger[] division = java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(weight.getValue()))
          .divideAndRemainder(java.math.BigInteger.valueOf(total));
      long floor = division[0].longValueExact();
      shares.add(new Share<>(weight.getKey(), order++, floor, division[1].longValueExact()));
      given += floor;
    }
    long left = amount - given;
    List<Share<K>> byRemainder = new ArrayList<>(shares);
    byRemainder.sort(Comparator.comparingLong((Share<K> share) -> share.remainder()).reversed().thenComparingInt(Share::order));
    Map<K, Long> parts = new LinkedHashMap<>();
    shares.forEach(share -> parts.put(share.key(), share.floor()));
    for (int i = 0; i < left; i++) {
      parts.merge(byRemainder.get(i).key(), 1L, Long::sum);
    }
    return parts;
  }
}
