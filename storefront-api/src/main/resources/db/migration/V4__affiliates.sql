-- Fan-site affiliates: sites, clicks on their referral links, the attribution kept on each
-- order, and the commission each attributed sale earns.

create table affiliate_site (
    id                 uuid primary key,
    owner_id           uuid         not null references account (id),
    name               varchar(100) not null check (length(name) > 0),
    url                varchar(500) not null,
    -- Given once at registration; links already published keep working.
    code               varchar(32)  not null unique,
    payout_method      varchar(16)  not null check (payout_method in ('STORE_CREDIT', 'STRIPE_CONNECT')),
    connect_account_id varchar(255),
    suspended_at       timestamptz,
    suspended_why      varchar(500),
    created_at         timestamptz  not null,
    version            bigint       not null,
    check ((payout_method = 'STRIPE_CONNECT') = (connect_account_id is not null))
);

create index affiliate_site_owner_idx on affiliate_site (owner_id);

-- Never the visitor's address: visitor_hash is keyed with a store secret.
create table affiliate_click (
    id           uuid primary key,
    site_id      uuid        not null references affiliate_site (id),
    title_id     uuid references title (id),
    sub_id       varchar(64),
    clicked_at   timestamptz not null,
    visitor_hash char(32)    not null,
    user_agent   varchar(512),
    referrer     varchar(512),
    -- The signed-in buyer who clicked, or the buyer whose order later carried this click's cookie.
    account_id   uuid references account (id),
    flood        boolean     not null
);

create index affiliate_click_site_idx on affiliate_click (site_id, clicked_at);
create index affiliate_click_account_idx on affiliate_click (account_id, clicked_at desc) where account_id is not null;
create index affiliate_click_visitor_idx on affiliate_click (site_id, visitor_hash, clicked_at);
create index affiliate_click_flood_idx on affiliate_click (clicked_at desc) where flood;

-- Decided when the order is placed, so a later click cannot take a placed order.
alter table purchase_order
    add column affiliate_site_id  uuid references affiliate_site (id),
    add column affiliate_click_id uuid references affiliate_click (id),
    add column attribution        varchar(24) check (attribution in
        ('ATTRIBUTED', 'HELD_TOO_FAST', 'HELD_CLICK_FLOOD', 'SELF_REFERRAL', 'SITE_SUSPENDED', 'EXPIRED'));

create index purchase_order_affiliate_site_idx on purchase_order (affiliate_site_id) where affiliate_site_id is not null;

-- One per paid, attributed order. The ledger posts the money; this row says who and whether.
create table affiliate_commission (
    order_id      uuid primary key references purchase_order (id),
    site_id       uuid         not null references affiliate_site (id),
    click_id      uuid         not null references affiliate_click (id),
    title_id      uuid         not null references title (id),
    gross_minor   bigint       not null check (gross_minor > 0),
    amount_minor  bigint       not null check (amount_minor >= 0),
    currency      char(3)      not null,
    basis_points  integer      not null,
    state         varchar(16)  not null check (state in ('HELD', 'PENDING', 'PAYABLE', 'PAID', 'REJECTED', 'REVERSED', 'CLAWED_BACK')),
    reason        varchar(500) not null,
    earned_at     timestamptz  not null,
    -- The sale's refund window closes here; a pending commission is payable from then on.
    hold_until    timestamptz  not null,
    reviewed_by   uuid references account (id),
    updated_at    timestamptz  not null,
    version       bigint       not null
);

create index affiliate_commission_site_idx on affiliate_commission (site_id, earned_at);
create index affiliate_commission_held_idx on affiliate_commission (earned_at desc) where state = 'HELD';

-- Secrets the store makes for itself on first use, such as the key of visitor fingerprints.
create table store_secret (
    name       varchar(64) primary key,
    value      bytea       not null,
    created_at timestamptz not null
);
