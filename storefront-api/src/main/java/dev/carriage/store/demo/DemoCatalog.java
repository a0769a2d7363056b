package dev.carriage.store.demo;

import dev.carriage.store.StoreConfig;
import dev.carriage.store.account.Account;
import dev.carriage.store.account.AccountRequests;
import dev.carriage.store.account.AccountService;
import dev.carriage.store.account.Role;
import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.catalog.DemoPolicy;
import dev.carriage.store.catalog.TitleKind;
import dev.carriage.store.catalog.TitleRequest;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A small catalog and demo accounts for local runs, seeded once on first start when
 * {@code carriage.demo.enabled} is set. Never enable it on a store that faces the internet: the
 * demo accounts' password is public.
 */
@ApplicationScoped
public class DemoCatalog {

  private static final Logger LOG = Logger.getLogger(DemoCatalog.class);
  public static final String PASSWORD = "carriage-demo";
  public static final String PUBLISHER_EMAIL = "publisher@demo.carriage.local";
  public static final String BUYER_EMAIL = "buyer@demo.carriage.local";
  /**
   * Owns the local carriers. Not the buyer: carrying for yourself earns nothing, so the demo
   * buyer's downloads earn the demo carriers their share as anyone's would.
   */
  public static final String CARRIER_EMAIL = "carrier@demo.carriage.local";
  /** Enrols the local origin node; admin is never chosen at sign-up, so the demo grants it here. */
  public static final String ADMIN_EMAIL = "admin@demo.carriage.local";

  private final StoreConfig config;
  private final AccountService accounts;
  private final CatalogService catalog;
  private final jakarta.persistence.EntityManager entityManager;

  public DemoCatalog(StoreConfig config, AccountService accounts, CatalogService catalog, jakarta.persistence.EntityManager entityManager) {
    this.config = config;
    this.accounts = accounts;
    this.catalog = catalog;
    this.entityManager = entityManager;
  }

  @Transactional
  void seedOnFirstStart(@Observes StartupEvent started) {
    if (!config.demo().enabled()) {
      return;
    }
    if (accounts.findByEmail(CARRIER_EMAIL).isEmpty()) {
      // Also on a demo seeded before this account existed.
      accounts.register(new AccountRequests.Register(CARRIER_EMAIL, PASSWORD, "Demo Carrier", Set.of(Role.CARRIER)));
    }
    if (accounts.findByEmail(PUBLISHER_EMAIL).isPresent()) {
      return;
    }
    Account publisher =
        accounts.register(new AccountRequests.Register(PUBLISHER_EMAIL, PASSWORD, "Northwind Interactive", Set.of(Role.PUBLISHER)));
    accounts.register(
        new AccountRequests.Register(BUYER_EMAIL, PASSWORD, "Demo Buyer", Set.of(Role.CARRIER, Role.AFFILIATE)));
    Account admin = accounts.register(new AccountRequests.Register(ADMIN_EMAIL, PASSWORD, "Demo Operator", Set.of()));
    entityManager.createNativeQuery("insert into account_role (account_id, role) values (?1, 'ADMIN')")
        .setParameter(1, admin.id())
        .executeUpdate();
    for (TitleRequest title : titles()) {
      catalog.create(publisher.id(), title);
    }
    LOG.infof("Seeded the demo catalog: %d titles; sign in as %s, %s or %s with password '%s'",
        titles().size(), BUYER_EMAIL, PUBLISHER_EMAIL, ADMIN_EMAIL, PASSWORD);
  }

  private static List<TitleRequest> titles() {
    return List.of(
        title(TitleKind.GAME, "Skyline Couriers", "Deliver parcels across a city of rooftops before the storm breaks.",
            1999, "EUR", 3_221_225_472L, "2025-03-14", List.of("action", "open-world"), 30),
        title(TitleKind.GAME, "Harbor Lights", "A quiet puzzle game about keeping a lighthouse burning through winter.",
            1299, "EUR", 734_003_200L, "2024-11-02", List.of("puzzle", "indie"), 14),
        title(TitleKind.GAME, "Iron Meridian", "Turn-based tactics on a railway that circles a frozen planet.",
            2999, "EUR", 8_589_934_592L, "2026-01-20", List.of("strategy", "sci-fi"), null),
        title(TitleKind.MUSIC, "Night Ferry", "Ten ambient tracks recorded on the last ferry out of Stockholm.",
            899, "EUR", 412_090_368L, "2023-09-08", List.of("ambient", "electronic"), null),
        title(TitleKind.MUSIC, "Copper Wire Blues", "Live blues session, lossless FLAC.",
            1099, "USD", 623_902_720L, "2022-05-27", List.of("blues", "live"), null),
        title(TitleKind.VIDEO, "The Long Relay", "A documentary about the volunteers who keep rural internet running.",
            799, "EUR", 4_294_967_296L, "2025-06-30", List.of("documentary"), null),
        title(TitleKind.VIDEO, "Paper Planets", "Animated short films for the whole family, 1080p.",
            599, "GBP", 2_147_483_648L, "2024-02-14", List.of("animation", "family"), null));
  }

  private static TitleRequest title(TitleKind kind, String name, String description, long priceMinor, String currency,
      long sizeBytes, String releaseDate, List<String> tags, Integer trialDays) {
    TitleRequest.Demo demo =
        trialDays == null ? new TitleRequest.Demo(DemoPolicy.NONE, null) : new TitleRequest.Demo(DemoPolicy.TRIAL, trialDays);
    return new TitleRequest(kind, name, description, new TitleRequest.Price(priceMinor, currency), sizeBytes,
        LocalDate.parse(releaseDate), tags, demo, null);
  }
}
