package dev.carriage.store.catalog;

import dev.carriage.ledger.Money;
import dev.carriage.store.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A game, album or film for sale. Its fields are set only through {@link #apply}. */
@Entity
@Table(name = "title")
public class Title {

  @Id private UUID id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "publisher_id", nullable = false, updatable = false)
  private Account publisher;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TitleKind kind;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String description;

  @Column(name = "price_minor", nullable = false)
  private long priceMinor;

  @Column(nullable = false)
  private String currency;

  @Column(name = "size_bytes", nullable = false)
  private long sizeBytes;

  @Column(name = "content_size_bytes")
  private Long contentSizeBytes;

  @Column(name = "wholesale_minor")
  private Long wholesaleMinor;

  @Column(name = "release_date", nullable = false)
  private LocalDate releaseDate;

  /** Null when the title has no demo. */
  @Column(name = "trial_days")
  private Integer trialDays;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false)
  private List<String> tags;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** Set when the publisher takes the title off sale; licences already issued stay valid. */
  @Column(name = "withdrawn_at")
  private Instant withdrawnAt;

  /** The publisher's own id for the title, by which catalog import finds it again. */
  @Column(name = "external_id", updatable = false)
  private String externalId;

  @Column(name = "feed_message_at")
  private Instant feedMessageAt;

  @Version private long version;

  protected Title() {}

  public Title(Account publisher, TitleDraft draft, Instant now) {
    this.id = UUID.randomUUID();
    this.publisher = publisher;
    this.createdAt = now;
    apply(draft, now);
  }

  /** Replaces everything a publisher controls. */
  public void apply(TitleDraft draft, Instant now) {
    this.kind = draft.kind();
    this.name = draft.name();
    this.description = draft.description();
    this.priceMinor = draft.price().minor();
    this.currency = draft.price().currencyCode();
    this.sizeBytes = draft.sizeBytes();
    this.releaseDate = draft.releaseDate();
    this.trialDays = draft.trialDays().isPresent() ? draft.trialDays().getAsInt() : null;
    this.tags = List.copyOf(draft.tags());
    this.wholesaleMinor = draft.wholesale().map(Money::minor).orElse(null);
    this.updatedAt = now;
  }

  /** The publisher-controlled fields as they are now, to compare with a new draft. */
  public TitleDraft draft() {
    return new TitleDraft(kind, name, description, price(), sizeBytes, releaseDate, tags,
        trialDays == null ? OptionalInt.empty() : OptionalInt.of(trialDays), wholesale());
  }

  /** Takes the title off sale; withdrawing twice keeps the first time. */
  public void withdraw(Instant now) {
    if (withdrawnAt == null) {
      withdrawnAt = now;
      updatedAt = now;
    }
  }

  /** Puts a withdrawn title back on sale: a publisher's feed lists it again. */
  public void restore(Instant now) {
    if (withdrawnAt != null) {
      withdrawnAt = null;
      updatedAt = now;
    }
  }

  /** Keys a title created by catalog import; set once, at creation. */
  public void keyAs(String externalId) {
    if (this.externalId != null) {
      throw new IllegalStateException("title " + id + " already has external id " + this.externalId);
    }
    this.externalId = externalId;
  }

  /** Records the feed message that last changed the title. */
  public void changedByMessage(Instant messageAt) {
    this.feedMessageAt = messageAt;
  }

  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  public Optional<Instant> feedMessageAt() {
    return Optional.ofNullable(feedMessageAt);
  }

  public boolean onSale() {
    return withdrawnAt == null;
  }

  public UUID id() {
    return id;
  }

  public Account publisher() {
    return publisher;
  }

  public TitleKind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The deal's wholesale price, which is then the publisher's royalty; empty for a revenue share. */
  public java.util.Optional<Money> wholesale() {
    return java.util.Optional.ofNullable(wholesaleMinor).map(minor -> Money.of(minor, currency));
  }

  public Money price() {
    return Money.of(priceMinor, currency);
  }

  /** The published content's size once there is content; the publisher's claim before. */
  public long sizeBytes() {
    return contentSizeBytes != null ? contentSizeBytes : sizeBytes;
  }

  /** Content was published for the title: from now on it is as big as that content. */
  public void contentPublished(long contentSizeBytes, Instant now) {
    this.contentSizeBytes = contentSizeBytes;
    this.updatedAt = now;
  }

  public LocalDate releaseDate() {
    return releaseDate;
  }

  public OptionalInt trialDays() {
    return trialDays == null ? OptionalInt.empty() : OptionalInt.of(trialDays);
  }

  public List<String> tags() {
    return List.copyOf(tags);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
