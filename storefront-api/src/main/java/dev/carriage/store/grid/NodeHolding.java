package dev.carriage.store.grid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One title a node holds, as its last heartbeat said. Written by native SQL; read for peer lists. */
@Entity
@Immutable
@IdClass(NodeHolding.Key.class)
@Table(name = "node_holding")
public class NodeHolding {

  @Id
  @Column(name = "node_id")
  private UUID nodeId;

  @Id
  @Column(name = "title_id")
  private UUID titleId;

  @Column(name = "pieces_held")
  private int piecesHeld;

  private boolean complete;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected NodeHolding() {}

  /** The composite id Hibernate needs; holdings are never looked up by it. */
  public static class Key implements Serializable {
    private UUID nodeId;
    private UUID titleId;

    @Override
    public boolean equals(Object other) {
      return other instanceof Key && java.util.Objects.equals(nodeId, ((Key) other).nodeId)
          && java.util.Objects.equals(titleId, ((Key) other).titleId);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(nodeId, titleId);
    }
  }
}
