-- Accounts, their roles, the store's token signing keys, and the catalog.

create table account (
    id            uuid primary key,
    email         varchar(254) not null unique check (email = lower(email)),
    display_name  varchar(100) not null,
    password_hash varchar(255) not null,
    created_at    timestamptz  not null
);

create table account_role (
    account_id uuid        not null references account (id) on delete cascade,
    role       varchar(16) not null check (role in ('BUYER', 'CARRIER', 'AFFILIATE', 'PUBLISHER', 'ADMIN')),
    primary key (account_id, role)
);

-- Retired keys stay until every token they signed has expired, so the JWKS keeps them.
create table signing_key (
    key_id      varchar(64) primary key,
    algorithm   varchar(16) not null,
    private_key bytea       not null,
    public_key  bytea       not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);

create table title (
    id           uuid primary key,
    publisher_id uuid          not null references account (id),
    kind         varchar(16)   not null check (kind in ('GAME', 'MUSIC', 'VIDEO')),
    name         varchar(200)  not null check (length(name) > 0),
    description  varchar(5000) not null,
    price_minor  bigint        not null check (price_minor >= 0),
    currency     char(3)       not null check (currency ~ '^[A-Z]{3}$'),
    size_bytes   bigint        not null check (size_bytes > 0),
    release_date date          not null,
    trial_days   integer       check (trial_days between 1 and 365),
    tags         varchar(32)[] not null default '{}',
    created_at   timestamptz   not null,
    updated_at   timestamptz   not null,
    version      bigint        not null
);

create index title_publisher_idx on title (publisher_id);
create index title_kind_idx on title (kind);
create index title_name_idx on title (lower(name), id);
create index title_release_date_idx on title (release_date, id);
create index title_tags_idx on title using gin (tags);
