package dev.carriage.store.pages.buying;

import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code peer-node get} line a buyer pastes into a terminal. Names and addresses come from
 * people, so the title goes by its id, the file name is reduced to safe letters, and the email
 * is single-quoted: nothing in a title or an address can become shell syntax.
 */
public final class DownloadCommand {

  private DownloadCommand() {}

  public static String of(String storeUrl, String email, UUID titleId, String titleName) {
    return "peer-node get " + titleId + " --store " + quote(storeUrl) + " --email " + quote(email)
        + " -o " + fileName(titleName);
  }

  /** The {@code peer-node play} line: the same download, played while it comes, in the player it finds. */
  public static String play(String storeUrl, String email, UUID titleId, String titleName) {
    return "peer-node play " + titleId + " --open --store " + quote(storeUrl) + " --email " + quote(email)
        + " -o " + fileName(titleName);
  }

  static String fileName(String titleName) {
    String ascii = Normalizer.normalize(titleName, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (slug.length() > 60) {
      slug = slug.substring(0, 60).replaceAll("-+$", "");
    }
    return (slug.isEmpty() ? "title" : slug) + ".bin";
  }

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
