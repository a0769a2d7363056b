-- No call to the payment provider while a transaction holds row locks (issue 19).
-- An order is saved first and its payment opened after the commit: until then it has none.
alter table purchase_order alter column payment_id drop not null;
alter table purchase_order alter column client_secret drop not null;
alter table purchase_order add constraint purchase_order_paid_through_a_payment
    check (payment_id is not null or status in ('CREATED', 'FAILED'));

-- A refund is recorded here, committed, then asked of the provider with an idempotency key and
-- completed in a second transaction. A crash between any two steps leaves the row pending, and
-- the next run asks again with the same key. next_attempt_at is both the back-off and the lease
-- that keeps two replicas from asking at the same moment.
create table payment_call (
    id              uuid primary key,
    order_id        uuid         not null references purchase_order (id),
    kind            varchar(16)  not null check (kind in ('REFUND')),
    state           varchar(16)  not null check (state in ('PENDING', 'DONE', 'FAILED')),
    cause           varchar(500) not null,
    attempts        int          not null default 0 check (attempts >= 0),
    last_error      varchar(500),
    next_attempt_at timestamptz  not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    unique (order_id, kind)
);
create index payment_call_due_idx on payment_call (next_attempt_at) where state = 'PENDING';
