-- The titles the store handed each node to fetch (cache fills): with the sessions that name a
-- node, what a carrier may claim to hold. A claim of anything else is refused.
create table node_fill (
    node_id   uuid        not null references grid_node (id) on delete cascade,
    title_id  uuid        not null references title (id),
    issued_at timestamptz not null,
    primary key (node_id, title_id)
);

create index download_session_node_idx on download_session (node_id, title_id) where node_id is not null;
