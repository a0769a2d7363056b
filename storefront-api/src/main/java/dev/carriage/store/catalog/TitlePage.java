package dev.carriage.store.catalog;

import java.util.List;

/** One page of a catalog search; pages are numbered from 1. */
public record TitlePage(List<TitleView> items, int page, int pageSize, long totalItems, long totalPages) {

  static TitlePage of(List<TitleView> items, TitleSearch search, long totalItems) {
    long totalPages = (totalItems + search.pageSize() - 1) / search.pageSize();
    return new TitlePage(items, search.page(), search.pageSize(), totalItems, totalPages);
  }
}
