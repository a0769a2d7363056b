package dev.carriage.grid.manifest;

import java.security.MessageDigest;
import java.util.List;

/**
 * The Merkle root over a title's piece hashes, as RFC 6962 defines it: leaves and inner nodes
 * hashed with different prefixes (so a leaf can never pass for a node), the tree split at the
 * largest power of two below its size. Tickets name the root, binding a session to one content.
 */
public final class MerkleTree {

  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private MerkleTree() {}

  public static Sha256 root(List<Sha256> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    return root(leaves, 0, leaves.size());
  }

  private static Sha256 root(List<Sha256> leaves, int from, int to) {
    MessageDigest digest = Sha256.newDigest();
    int count = to - from;
    if (count == 1) {
      digest.update(LEAF);
      leaves.get(from).updateInto(digest);
      return Sha256.of(digest.digest());
    }
    int split = Integer.highestOneBit(count - 1);
    Sha256 left = root(leaves, from, from + split);
    Sha256 right = root(leaves, from + split, to);
    digest.update(NODE);
    left.updateInto(digest);
    right.updateInto(digest);
    return Sha256.of(digest.digest());
  }
}
