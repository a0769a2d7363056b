package dev.carriage.store.pages.buying;

import dev.carriage.store.account.Role;
import dev.carriage.store.download.DownloadProvenance;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.licence.LicenceState;
import dev.carriage.store.licence.LicenceView;
import dev.carriage.store.web.PageContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The buyer's library: what they own and what they are trying, each with how to download it. */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/library")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.BUYER)
public class LibraryPages {

  private final LicenceService licences;
  private final DownloadProvenance provenance;
  private final PageContext page;
  private final Clock clock;
  private final Template library;

  public LibraryPages(LicenceService licences, DownloadProvenance provenance, PageContext page, Clock clock,
      @Location("buying/library.html") Template library) {
    this.licences = licences;
    this.provenance = provenance;
    this.page = page;
    this.clock = clock;
    this.library = library;
  }

  /** A library entry with its time left (trials) and the exact command that downloads it. */
  public record Entry(LicenceView licence, boolean valid, String timeLeft, String command, DownloadProvenance.Provenance came) {}

  @GET
  public TemplateInstance show(@Context UriInfo uri) {
    String store = uri.getBaseUri().toString().replaceAll("/$", "");
    String email = page.account().map(a -> a.email()).orElse("");
    java.util.Map<java.util.UUID, DownloadProvenance.Provenance> came = provenance.ofAccount(page.accountId());
    List<Entry> entries = licences.library(page.accountId()).stream()
        .map(licence -> new Entry(licence, licence.state() == LicenceState.VALID,
            licence.expiresAt() == null ? null : page.timeLeft(Duration.between(clock.instant(), licence.expiresAt())),
            DownloadCommand.of(store, email, licence.titleId(), licence.titleName()), came.get(licence.id())))
        .toList();
    return library.data("entries", entries);
  }
}
