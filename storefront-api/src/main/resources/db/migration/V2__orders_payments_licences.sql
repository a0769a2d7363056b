-- Buying: orders and their history, payment provider events, licences and download sessions.

-- A withdrawn title is off sale; the licences already issued for it stay valid.
alter table title add column withdrawn_at timestamptz;

-- "order" is a reserved word, hence purchase_order.
create table purchase_order (
    id               uuid primary key,
    buyer_id         uuid        not null references account (id),
    title_id         uuid        not null references title (id),
    -- The price captured when the order was placed; never re-read from the title.
    amount_minor     bigint      not null check (amount_minor > 0),
    currency         char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    status           varchar(16) not null check (status in ('CREATED', 'PAID', 'FAILED', 'DISPUTED', 'REFUNDED')),
    provider         varchar(16) not null check (provider in ('SANDBOX', 'STRIPE')),
    payment_id       varchar(255) not null unique,
    client_secret    varchar(255) not null,
    failure_reason   varchar(255),
    affiliate_code   varchar(32),
    created_at       timestamptz not null,
    paid_at          timestamptz,
    updated_at       timestamptz not null,
    version          bigint      not null
);

create index purchase_order_buyer_idx on purchase_order (buyer_id, created_at desc);
-- At most one unpaid order per buyer and title: a repeated checkout reuses it.
create unique index purchase_order_one_open_idx on purchase_order (buyer_id, title_id) where status = 'CREATED';

-- Every status change, with its cause; rows are only ever added.
create table order_transition (
    id          bigserial primary key,
    order_id    uuid         not null references purchase_order (id),
    from_status varchar(16)  not null,
    to_status   varchar(16)  not null,
    cause       varchar(500) not null,
    event_id    varchar(255),
    at          timestamptz  not null
);

create index order_transition_order_idx on order_transition (order_id, id);

-- Every payment event the store has received, applied at most once. An event that arrives
-- before the one it depends on (a refund before its payment) waits here as DEFERRED.
create table payment_event (
    id          varchar(255) primary key,
    provider    varchar(16)  not null,
    kind        varchar(32)  not null,
    payment_id  varchar(255),
    order_id    uuid references purchase_order (id),
    outcome     varchar(16)  not null check (outcome in ('APPLIED', 'DEFERRED', 'NO_CHANGE', 'IGNORED')),
    detail      varchar(500) not null,
    received_at timestamptz  not null,
    settled_at  timestamptz
);

create index payment_event_deferred_idx on payment_event (order_id, received_at) where outcome = 'DEFERRED';

-- One licence per account and title: a trial becomes perpetual when bought, a refund revokes it.
create table licence (
    id           uuid primary key,
    account_id   uuid        not null references account (id),
    title_id     uuid        not null references title (id),
    kind         varchar(16) not null check (kind in ('PERPETUAL', 'TRIAL')),
    expires_at   timestamptz,
    order_id     uuid references purchase_order (id),
    revoked_at   timestamptz,
    revoked_why  varchar(500),
    granted_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint      not null,
    unique (account_id, title_id),
    check ((kind = 'TRIAL') = (expires_at is not null))
);

create table download_session (
    id         uuid primary key,
    account_id uuid        not null references account (id),
    title_id   uuid        not null references title (id),
    licence_id uuid        not null references licence (id),
    created_at timestamptz not null
);

create index download_session_account_idx on download_session (account_id, created_at desc);
