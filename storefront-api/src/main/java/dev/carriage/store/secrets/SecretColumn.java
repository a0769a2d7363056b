package dev.carriage.store.secrets;

/**
 * Every column that holds a secret sealed at rest, with the row key its context is bound to.
 * A sealed value opens only for the column and row it was sealed for.
 */
public enum SecretColumn {
  /** The AES key a title's pieces are encrypted with. */
  CONTENT_KEY("title_content", "title_id", "content_key"),
  /** The private half of a token, ticket and manifest signing key. */
  SIGNING_KEY("signing_key", "key_id", "private_key"),
  /** A secret the store made for itself (the visitor-fingerprint key, say). */
  STORE_SECRET("store_secret", "name", "value");

  final String table;
  final String rowKey;
  final String plainColumn;

  SecretColumn(String table, String rowKey, String plainColumn) {
    this.table = table;
    this.rowKey = rowKey;
    this.plainColumn = plainColumn;
  }

  String sealedColumn() {
    return plainColumn + "_sealed";
  }

  String masterKeyColumn() {
    return plainColumn + "_master_key";
  }

  /** The associated data a value of this column for this row is sealed with. */
  String context(Object row) {
    return table + "." + plainColumn + ":" + row;
  }
}
