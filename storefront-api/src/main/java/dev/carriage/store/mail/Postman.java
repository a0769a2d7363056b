package dev.carriage.store.mail;

import dev.carriage.store.StoreConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends the store's letters: through Quarkus Mailer when SMTP is configured
 * ({@code carriage.mail.smtp=true} and {@code quarkus.mailer.*}), otherwise into a local outbox,
 * one {@code .eml} file per letter, which the operator (or a test) reads. A letter that cannot be
 * sent is logged and dropped: the caller's answer never says whether an address exists.
 */
@ApplicationScoped
public class Postman {

  private static final Logger LOG = Logger.getLogger(Postman.class);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final StoreConfig config;
  private final Mailer mailer;
  private final Clock clock;

  public Postman(StoreConfig config, Mailer mailer, Clock clock) {
    this.config = config;
    this.mailer = mailer;
    this.clock = clock;
  }

  public void send(Letter letter) {
    if (config.mail().smtp()) {
      try {
        mailer.send(Mail.withText(letter.to(), letter.subject(), letter.text()).setFrom(config.mail().from()));
      } catch (RuntimeException failed) {
        LOG.errorf(failed, "Could not send \"%s\" by SMTP", letter.subject());
      }
      return;
    }
    Path outbox = config.mail().outbox();
    try {
      Files.createDirectories(outbox);
      Path file = outbox.resolve(FILE_TIME.format(clock.instant()) + "-" + UUID.randomUUID() + ".eml");
      Files.writeString(file, "From: " + config.mail().from() + "\r\nTo: " + letter.to() + "\r\nSubject: " + letter.subject()
          + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + letter.text(), StandardCharsets.UTF_8);
      LOG.infof("Mail for %s is in the outbox: %s", letter.to(), file);
    } catch (IOException failed) {
      LOG.errorf(failed, "Could not write \"%s\" to the outbox %s", letter.subject(), outbox);
    }
  }
}
