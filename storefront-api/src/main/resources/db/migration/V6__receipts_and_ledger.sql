-- Carriage receipts, the double-entry ledger, sale settlement and payouts.

-- What a session's ticket named, so its receipts can be checked later: the client's
-- ephemeral key, and the manifest it was for.
alter table download_session add column client_key bytea;
alter table download_session add column manifest_root bytea check (length(manifest_root) = 32);

-- The newest accepted receipt of each (session, carrier): replay protection stays one row each.
create table carriage_receipt (
    session_id  uuid        not null references download_session (id),
    node_id     uuid        not null references grid_node (id),
    sequence    bigint      not null check (sequence > 0),
    piece_count integer     not null check (piece_count > 0),
    pieces      integer     not null check (pieces >= 0),
    bytes       bigint      not null check (bytes >= 0),
    signed      bytea       not null,
    accepted_at timestamptz not null,
    primary key (session_id, node_id)
);

-- Verified bytes: each piece of a session credited once, to the first carrier whose valid
-- receipt claimed it (the origin's pieces to the store). The primary key is the rule.
create table carriage_credit (
    session_id  uuid        not null references download_session (id),
    piece       integer     not null check (piece >= 0),
    node_id     uuid        not null references grid_node (id),
    origin      boolean     not null,
    licence_id  uuid        not null references licence (id),
    title_id    uuid        not null references title (id),
    bytes       integer     not null check (bytes > 0),
    credited_at timestamptz not null,
    primary key (session_id, piece)
);

create index carriage_credit_licence_idx on carriage_credit (licence_id, credited_at);
create index carriage_credit_node_idx on carriage_credit (node_id, credited_at);

-- Every receipt refused, or partly refused, with why; none of them changed a credit.
create table receipt_rejection (
    id           bigserial primary key,
    submitted_by uuid         not null references grid_node (id),
    session_id   uuid,
    carrier_id   uuid,
    sequence     bigint,
    reason       varchar(32)  not null,
    detail       varchar(500) not null,
    rejected_at  timestamptz  not null
);

create index receipt_rejection_node_idx on receipt_rejection (submitted_by, rejected_at desc);

-- The book. Postings are signed minor units: a debit is positive, a credit negative.
create table ledger_account (
    id       bigserial primary key,
    type     varchar(32) not null,
    owner    varchar(64) not null,
    currency char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    unique (type, owner, currency)
);

create table ledger_entry (
    id              bigserial primary key,
    idempotency_key varchar(200) not null unique,
    code            varchar(32)  not null,
    memo            varchar(500) not null,
    order_id        uuid,
    posted_at       timestamptz  not null
);

create index ledger_entry_order_idx on ledger_entry (order_id) where order_id is not null;

create table ledger_posting (
    id           bigserial primary key,
    entry_id     bigint not null references ledger_entry (id),
    account_id   bigint not null references ledger_account (id),
    amount_minor bigint not null check (amount_minor <> 0),
    currency     char(3) not null
);

create index ledger_posting_account_idx on ledger_posting (account_id, entry_id);
create index ledger_posting_entry_idx on ledger_posting (entry_id);

-- Nothing in the book is ever changed or removed: corrections are new, reversing entries.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only: % on % refused (post a reversing entry instead)', tg_op, tg_table_name;
end $$;

create trigger ledger_entry_append_only before update or delete on ledger_entry
    for each row execute function ledger_refuse_change();
create trigger ledger_posting_append_only before update or delete on ledger_posting
    for each row execute function ledger_refuse_change();
create trigger ledger_account_append_only before update or delete on ledger_account
    for each row execute function ledger_refuse_change();

-- Checked at commit, once per entry, when all its postings are in: at least two, summing to
-- zero in each currency, each in its account's currency.
create function ledger_entry_must_balance() returns trigger language plpgsql as $$
begin
    if (select count(*) from ledger_posting where entry_id = new.id) < 2 then
        raise exception 'ledger entry % (%) has fewer than two postings', new.id, new.idempotency_key;
    end if;
    if exists (select 1 from ledger_posting where entry_id = new.id group by currency having sum(amount_minor) <> 0) then
        raise exception 'ledger entry % (%) does not balance', new.id, new.idempotency_key;
    end if;
    if exists (select 1 from ledger_posting p join ledger_account a on a.id = p.account_id
               where p.entry_id = new.id and a.currency <> p.currency) then
        raise exception 'ledger entry % (%) posts to an account in another currency', new.id, new.idempotency_key;
    end if;
    return null;
end $$;

create constraint trigger ledger_entry_balanced after insert on ledger_entry
    deferrable initially deferred for each row execute function ledger_entry_must_balance();

-- Postings may only join an entry in the transaction that created it: a committed entry is whole.
create function ledger_posting_joins_new_entry() returns trigger language plpgsql as $$
begin
    if (select xmin::text::bigint from ledger_entry where id = new.entry_id) <> txid_current() % (2^32)::bigint then
        raise exception 'ledger entry % is already posted; add a new entry instead', new.entry_id;
    end if;
    return new;
end $$;

create trigger ledger_posting_only_with_its_entry before insert on ledger_posting
    for each row execute function ledger_posting_joins_new_entry();

-- One row per settled sale: the pool, and the bytes it was split over.
create table sale_settlement (
    order_id      uuid primary key references purchase_order (id),
    pool_minor    bigint      not null check (pool_minor >= 0),
    currency      char(3)     not null,
    carrier_bytes bigint      not null check (carrier_bytes >= 0),
    store_bytes   bigint      not null check (store_bytes >= 0),
    carriers      integer     not null check (carriers >= 0),
    settled_at    timestamptz not null
);

-- Carriers choose how they are paid, as fan sites do.
alter table grid_node add column payout_method varchar(16) not null default 'STORE_CREDIT'
    check (payout_method in ('STORE_CREDIT', 'STRIPE_CONNECT'));
alter table grid_node add column connect_account_id varchar(255);
alter table grid_node add check ((payout_method = 'STRIPE_CONNECT') = (connect_account_id is not null));

-- A payout of one payee's payable balance in one currency.
create table payout (
    id                 uuid primary key,
    payee_type         varchar(16)  not null check (payee_type in ('CARRIER', 'AFFILIATE')),
    payee_id           uuid         not null,
    owner_account_id   uuid         not null references account (id),
    method             varchar(16)  not null check (method in ('STORE_CREDIT', 'STRIPE_CONNECT')),
    connect_account_id varchar(255),
    amount_minor       bigint       not null check (amount_minor > 0),
    currency           char(3)      not null,
    state              varchar(16)  not null check (state in ('PAID', 'SENDING', 'SENT', 'FAILED', 'REVERSED')),
    transfer_id        varchar(255) unique,
    failure            varchar(500),
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);

create index payout_payee_idx on payout (payee_type, payee_id, created_at desc);
create index payout_sending_idx on payout (created_at) where state = 'SENDING';

-- Orders can be paid with store credit.
alter table purchase_order drop constraint purchase_order_provider_check;
alter table purchase_order add constraint purchase_order_provider_check check (provider in ('SANDBOX', 'STRIPE', 'STORE_CREDIT'));
