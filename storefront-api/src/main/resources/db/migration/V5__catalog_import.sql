-- Catalog import: titles keyed by the publisher's own ids, their tracks, the source media each
-- title's content was made from, and the reports of past imports.

-- The publisher's id for the title (external id, ISRC, DDEX release id): re-importing a feed
-- finds the title again instead of making a second one.
alter table title
    add column external_id     varchar(200),
    -- The DDEX message that last changed the title; an older message is ignored.
    add column feed_message_at timestamptz;

create unique index title_external_id_idx on title (publisher_id, external_id) where external_id is not null;

create table title_track (
    title_id         uuid         not null references title (id) on delete cascade,
    position         integer      not null check (position >= 1),
    name             varchar(200) not null,
    isrc             varchar(12) check (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
    duration_seconds integer check (duration_seconds >= 0),
    file_name        varchar(255) not null,
    size_bytes       bigint       not null check (size_bytes >= 0),
    primary key (title_id, position)
);

-- SHA-256 of the media the content was encrypted from: an import re-encrypts only what changed.
alter table title_content add column source_digest char(64) check (source_digest ~ '^[0-9a-f]{64}$');
-- How many carriers should cache the title, when its publisher asked for more or fewer than
-- the store's default (carriage.grid.replicas-target).
alter table title_content add column replicas_target integer check (replicas_target between 0 and 100);

create table import_report (
    id            uuid primary key,
    publisher_id  uuid         not null references account (id),
    feed          varchar(500) not null,
    format        varchar(8)   not null check (format in ('CSV', 'JSON', 'ERN')),
    dry_run       boolean      not null,
    created       integer      not null,
    updated       integer      not null,
    unchanged     integer      not null,
    ignored       integer      not null,
    rejected      integer      not null,
    failed        integer      not null,
    media_ingested integer     not null,
    report_json   text         not null,
    created_at    timestamptz  not null
);

create index import_report_publisher_idx on import_report (publisher_id, created_at desc);
