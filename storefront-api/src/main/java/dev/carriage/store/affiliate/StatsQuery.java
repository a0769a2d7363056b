package dev.carriage.store.affiliate;

import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.web.DayRange;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fan-site owner's stats question, from raw parameters: the days (default the last 30, at most
 * 366), the grouping (day, title or sub-id) and one of their own sites or all of them. The API
 * and the dashboard page both ask through here, so they always show the same figures.
 */
@ApplicationScoped
public class StatsQuery {

  static final long STATS_DAYS_MAX = 366;
  static final long STATS_DAYS_DEFAULT = 30;

  private final SiteService sites;
  private final AffiliateStats stats;
  private final Clock clock;

  public StatsQuery(SiteService sites, AffiliateStats stats, Clock clock) {
    this.sites = sites;
    this.stats = stats;
    this.clock = clock;
  }

  public StatsView run(UUID callerId, String fromParam, String toParam, String groupByParam, String siteIdParam) {
    DayRange range = DayRange.parse(fromParam, toParam, clock, STATS_DAYS_DEFAULT, STATS_DAYS_MAX);
    List<UUID> siteIds = siteIdParam == null || siteIdParam.isBlank()
        ? sites.ownedSites(callerId).stream().map(AffiliateSite::id).toList()
        : List.of(sites.ownSite(callerId, siteId(siteIdParam), jakarta.persistence.LockModeType.NONE).id());
    return stats.stats(siteIds, range.from(), range.to(), groupBy(groupByParam));
  }

  private static UUID siteId(String value) {
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException notUuid) {
      throw ProblemException.invalidField("siteId", "must be a site id");
    }
  }

  private static GroupBy groupBy(String value) {
    if (value == null || value.isBlank()) {
      return GroupBy.DAY;
    }
    try {
      return GroupBy.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ProblemException.invalidField("groupBy", "must be day, title or sub");
    }
  }
}
