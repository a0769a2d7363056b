-- Publishers are paid: each has royalty terms (a share of gross unless a deal names a wholesale
-- price) and a payout method. No row means the defaults: 70% of gross, paid to store credit.
create table publisher_terms (
    account_id         uuid primary key references account (id),
    royalty_share_bps  integer     not null check (royalty_share_bps between 0 and 10000),
    payout_method      varchar(16) not null default 'STORE_CREDIT' check (payout_method in ('STORE_CREDIT', 'STRIPE_CONNECT')),
    connect_account_id varchar(64),
    updated_at         timestamptz not null,
    check (payout_method <> 'STRIPE_CONNECT' or connect_account_id is not null)
);

-- A deal's wholesale price (DDEX), in the title's currency: when present it is the royalty.
alter table title add column wholesale_minor bigint check (wholesale_minor >= 0);

-- The terms an order was placed under, checked then to leave the store a margin, so the sale is
-- split by them when it is paid, whatever changed in between. Null on orders placed before.
alter table purchase_order add column pool_bps integer check (pool_bps between 0 and 10000);
alter table purchase_order add column commission_bps integer check (commission_bps between 0 and 10000);
alter table purchase_order add column publisher_id uuid references account (id);
alter table purchase_order add column royalty_share_bps integer check (royalty_share_bps between 0 and 10000);
alter table purchase_order add column royalty_wholesale_minor bigint check (royalty_wholesale_minor >= 0);

-- What each sale owes, written once when it is paid, from the figures of the entry posted.
-- Settlement, earnings, dashboards and statements read it; nothing recomputes a share.
create table sale_record (
    order_id              uuid primary key references purchase_order (id),
    title_id              uuid        not null references title (id),
    publisher_id          uuid        not null references account (id),
    buyer_id              uuid        not null references account (id),
    currency              char(3)     not null,
    gross_minor           bigint      not null check (gross_minor > 0),
    royalty_basis         varchar(16) not null check (royalty_basis in ('share', 'wholesale', 'none')),
    royalty_bps           integer check (royalty_bps between 0 and 10000),
    royalty_minor         bigint      not null check (royalty_minor >= 0),
    pool_bps              integer     not null check (pool_bps between 0 and 10000),
    pool_minor            bigint      not null check (pool_minor >= 0),
    affiliate_site_id     uuid references affiliate_site (id),
    commission_bps        integer check (commission_bps between 0 and 10000),
    commission_minor      bigint      not null check (commission_minor >= 0),
    margin_minor          bigint      not null check (margin_minor >= 0),
    paid_at               timestamptz not null,
    hold_until            timestamptz not null,
    pool_settled_at       timestamptz,
    royalty_payable_at    timestamptz,
    commission_payable_at timestamptz,
    check (gross_minor = royalty_minor + pool_minor + commission_minor + margin_minor)
);

create index sale_record_publisher_idx on sale_record (publisher_id, paid_at);
create index sale_record_unsettled_idx on sale_record (hold_until) where pool_settled_at is null or royalty_payable_at is null;

-- Sales paid before royalties existed: their record is read back from the entry they posted
-- (no royalty then, the pool at 500 bps, the only rate configured until now), and their
-- settlement marks from what settlement wrote.
insert into sale_record (order_id, title_id, publisher_id, buyer_id, currency, gross_minor, royalty_basis, royalty_bps, royalty_minor,
                         pool_bps, pool_minor, affiliate_site_id, commission_bps, commission_minor, margin_minor, paid_at, hold_until,
                         pool_settled_at, royalty_payable_at, commission_payable_at)
select o.id, o.title_id, t.publisher_id, o.buyer_id, o.currency, o.amount_minor, 'none', null, 0,
       500, pool.minor, ac.site_id, ac.basis_points, coalesce(comm.minor, 0),
       o.amount_minor - pool.minor - coalesce(comm.minor, 0), o.paid_at, o.hold_until,
       (select s.settled_at from sale_settlement s where s.order_id = o.id),
       o.paid_at,
       (select e.posted_at from ledger_entry e where e.idempotency_key = 'commission:' || o.id)
from purchase_order o
join title t on t.id = o.title_id
join ledger_entry se on se.idempotency_key = 'sale:' || o.id
cross join lateral (select coalesce(-sum(p.amount_minor), 0) as minor from ledger_posting p join ledger_account a on a.id = p.account_id
                    where p.entry_id = se.id and a.type = 'CARRIER_POOL') pool
cross join lateral (select -sum(p.amount_minor) as minor from ledger_posting p join ledger_account a on a.id = p.account_id
                    where p.entry_id = se.id and a.type = 'AFFILIATE_PENDING') comm
left join affiliate_commission ac on ac.order_id = o.id and comm.minor is not null;

-- Publishers are payees like carriers and fan sites.
alter table payout drop constraint payout_payee_type_check;
alter table payout add constraint payout_payee_type_check check (payee_type in ('CARRIER', 'AFFILIATE', 'PUBLISHER'));

-- Stripe Connect accounts as Stripe last described them: payouts to one wait until Stripe says
-- it can receive transfers. Accounts made through onboarding name the Carriage account they are for.
create table connect_account (
    id                 varchar(255) primary key,
    owner_account_id   uuid references account (id),
    transfers_active   boolean     not null,
    details_submitted  boolean     not null,
    checked_at         timestamptz not null
);

create unique index connect_account_owner_idx on connect_account (owner_account_id) where owner_account_id is not null;
