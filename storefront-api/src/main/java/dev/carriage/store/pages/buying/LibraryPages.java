package dev.carriage.store.pages.buying;

import dev.carriage.store.account.Role;
import dev.carriage.store.carrier.CarrierEarnings;
import dev.carriage.store.download.DownloadProvenance;
import dev.carriage.store.download.NodeSends;
import dev.carriage.store.problem.PathIds;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
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
  private final NodeSends sends;
  private final CarrierEarnings carriers;
  private final PageContext page;
  private final Clock clock;
  private final Template library;
  private final Template sendStatus;
  private final Template player;
  private final dev.carriage.store.grid.GridService grid;

  public LibraryPages(LicenceService licences, DownloadProvenance provenance, NodeSends sends, CarrierEarnings carriers, PageContext page,
      Clock clock, @Location("buying/library.html") Template library, @Location("buying/send.html") Template sendStatus,
      @Location("buying/play.html") Template player, dev.carriage.store.grid.GridService grid) {
    this.player = player;
    this.grid = grid;
    this.licences = licences;
    this.provenance = provenance;
    this.sends = sends;
    this.carriers = carriers;
    this.sendStatus = sendStatus;
    this.page = page;
    this.clock = clock;
    this.library = library;
  }

  /** A library entry with its time left (trials) and the exact command that downloads it. */
  public record Entry(LicenceView licence, boolean valid, String timeLeft, String command, DownloadProvenance.Provenance came,
      NodeSends.SendView send) {

    /** Music and films play in the page, from the buyer's own node; games do not. */
    public boolean playable() {
      return valid && licence.titleKind() != dev.carriage.store.catalog.TitleKind.GAME;
    }
  }

  /**
   * The Play panel: a media element pointed at the player of the buyer's own node on this machine
   * (the freshest heard-from node that has one), or, with no such node, what to run instead.
   */
  public record Player(java.util.UUID titleId, String titleName, boolean video, String nodeName, String source, String playCommand) {}

  /** One of the buyer's own nodes, as the Send to my node form offers it. */
  public record OwnNode(java.util.UUID id, String name) {}

  @GET
  public TemplateInstance show(@Context UriInfo uri) {
    String store = uri.getBaseUri().toString().replaceAll("/$", "");
    String email = page.account().map(a -> a.email()).orElse("");
    java.util.Map<java.util.UUID, DownloadProvenance.Provenance> came = provenance.ofAccount(page.accountId());
    java.util.Map<java.util.UUID, NodeSends.SendView> latest = new java.util.HashMap<>();
    sends.ofAccount(page.accountId(), 200).forEach(send -> latest.putIfAbsent(send.titleId(), send));
    List<OwnNode> nodes = carriers.ownNodes(page.accountId(), java.util.Optional.empty()).stream().filter(node -> !node.origin())
        .map(node -> new OwnNode(node.id(), node.name())).toList();
    List<Entry> entries = licences.library(page.accountId()).stream()
        .map(licence -> new Entry(licence, licence.state() == LicenceState.VALID,
            licence.expiresAt() == null ? null : page.timeLeft(Duration.between(clock.instant(), licence.expiresAt())),
            DownloadCommand.of(store, email, licence.titleId(), licence.titleName()), came.get(licence.id()),
            latest.get(licence.titleId())))
        .toList();
    return library.data("entries", entries).data("nodes", nodes);
  }

  /** Send to my node: the chosen node of the buyer's own fetches the title at its next heartbeat. */
  @POST
  @Path("/{titleId}/send")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response send(@PathParam("titleId") String titleId, @FormParam("nodeId") String nodeId) {
    sends.request(page.accountId(), PathIds.parse("title", titleId), nodeId == null || nodeId.isBlank()
        ? failNoNode() : PathIds.parse("node", nodeId.strip()));
    return Response.seeOther(java.net.URI.create("/library")).build();
  }

  /** Play, as a fragment: only for a title the buyer holds a valid licence for. */
  @GET
  @Path("/{titleId}/play")
  public TemplateInstance play(@PathParam("titleId") String titleId, @Context UriInfo uri) {
    java.util.UUID id = PathIds.parse("title", titleId);
    LicenceView licence = licences.library(page.accountId()).stream()
        .filter(held -> held.titleId().equals(id) && held.state() == LicenceState.VALID).findFirst()
        .orElseThrow(() -> dev.carriage.store.problem.ProblemException.notFound("title in your library", id));
    java.time.Instant healthySince = grid.healthySince();
    java.util.Optional<dev.carriage.store.grid.GridNode> node = carriers.ownNodes(page.accountId(), java.util.Optional.empty()).stream()
        .filter(own -> !own.origin() && own.playerUrl().isPresent() && own.healthy(healthySince))
        .max(java.util.Comparator.comparing(dev.carriage.store.grid.GridNode::lastSeenAt));
    boolean video = licence.titleKind() == dev.carriage.store.catalog.TitleKind.VIDEO;
    String store = uri.getBaseUri().toString().replaceAll("/$", "");
    String email = page.account().map(a -> a.email()).orElse("");
    // Music plays track by track (an album is an archive of tracks; a single file is its own track 1); a film plays whole.
    String source = node.map(own -> own.playerUrl().orElseThrow() + id + (video ? "/title" : "/track/1")).orElse(null);
    return player.data("player", new Player(id, licence.titleName(), video, node.map(dev.carriage.store.grid.GridNode::name).orElse(null),
        source, DownloadCommand.play(store, email, id, licence.titleName())));
  }

  /** A send's progress as a fragment; htmx asks again every two seconds while it is under way. */
  @GET
  @Path("/sends/{sendId}")
  public TemplateInstance sendProgress(@PathParam("sendId") String sendId) {
    return sendStatus.data("send", sends.one(page.accountId(), PathIds.parse("send", sendId)));
  }

  private static java.util.UUID failNoNode() {
    throw dev.carriage.store.problem.ProblemException.invalidField("nodeId", "choose one of your nodes");
  }
}
