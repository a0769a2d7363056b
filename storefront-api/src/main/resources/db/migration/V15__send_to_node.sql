-- "Send to my node": a buyer asks one of their own enrolled nodes to download a title they hold.
-- The node picks it up at its next heartbeat and reports its progress back; one active send per
-- node and title.
create table node_send (
    id           uuid primary key,
    account_id   uuid         not null references account (id),
    node_id      uuid         not null references grid_node (id),
    title_id     uuid         not null references title (id),
    state        varchar(16)  not null check (state in ('REQUESTED', 'STARTED', 'DONE', 'FAILED')),
    bytes_done   bigint       not null default 0 check (bytes_done >= 0),
    bytes_total  bigint       not null default 0 check (bytes_total >= 0 and bytes_done <= bytes_total),
    detail       varchar(300),
    requested_at timestamptz  not null,
    updated_at   timestamptz  not null
);

create unique index node_send_active_idx on node_send (node_id, title_id) where state in ('REQUESTED', 'STARTED');
create index node_send_account_idx on node_send (account_id, requested_at desc);
