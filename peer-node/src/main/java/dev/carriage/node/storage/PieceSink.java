package dev.carriage.node.storage;

import java.util.BitSet;

/**
 * Where a download puts verified pieces: the node's piece store (ciphertext, to be carried) or a
 * buyer's plain file (decrypted, written once). Either keeps which pieces it holds across runs,
 * so an interrupted download resumes.
 */
public interface PieceSink {

  /** Checks a whole stored piece against the manifest and, when it matches, keeps it; false when it does not match. */
  boolean addPiece(int piece, byte[] stored);

  BitSet held();

  /** Stored (ciphertext) bytes of the held pieces: what the download counts as done. */
  long heldBytes();

  /** Re-checks every piece marked held and forgets those that no longer match; returns how many were dropped. */
  int reverify();
}
