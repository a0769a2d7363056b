-- The grid coordinator: published content, enrolled nodes and what each holds.

-- A title's content on the grid. The content key never leaves the store except to a licence
-- holder, over the authenticated API, when a download session opens.
create table title_content (
    title_id          uuid primary key references title (id),
    signed_manifest   bytea       not null,
    merkle_root       bytea       not null check (length(merkle_root) = 32),
    content_key       bytea       not null check (length(content_key) = 32),
    content_size      bigint      not null check (content_size > 0),
    piece_count       integer     not null check (piece_count > 0),
    published_at      timestamptz not null
);

create table grid_node (
    id                      uuid primary key,
    account_id              uuid         not null references account (id),
    public_key              bytea        not null unique,
    name                    varchar(100) not null,
    region                  varchar(32)  not null,
    origin                  boolean      not null,
    host                    varchar(255),
    port                    integer      check (port between 1 and 65535),
    serving                 boolean      not null default false,
    active_connections      integer      not null default 0 check (active_connections >= 0),
    upload_bytes_per_second bigint       not null default 0 check (upload_bytes_per_second >= 0),
    bytes_served            bigint       not null default 0 check (bytes_served >= 0),
    enrolled_at             timestamptz  not null,
    last_seen_at            timestamptz
);

create index grid_node_account_idx on grid_node (account_id);

-- Replaced wholesale by each heartbeat: the titles a node holds, and how much of each.
create table node_holding (
    node_id     uuid        not null references grid_node (id) on delete cascade,
    title_id    uuid        not null,
    pieces_held integer     not null check (pieces_held >= 0),
    complete    boolean     not null,
    updated_at  timestamptz not null,
    primary key (node_id, title_id)
);

create index node_holding_title_idx on node_holding (title_id);

alter table download_session add column node_id uuid references grid_node (id);
alter table download_session add column expires_at timestamptz;
