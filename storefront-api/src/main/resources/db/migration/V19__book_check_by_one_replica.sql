-- The book check scans every posting. One replica at a time runs it (the one that wins an
-- advisory try-lock once the last result is older than carriage.metrics.reuse) and keeps the
-- result here; every replica's gauge reads it (issue 19).
create table book_check (
    id              smallint    primary key check (id = 1),
    checked_at      timestamptz not null,
    imbalance_minor bigint      not null check (imbalance_minor >= 0),
    entries         bigint      not null check (entries >= 0)
);
