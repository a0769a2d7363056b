-- A signed event whose amount, currency or mode does not match its order is kept for review.
alter table payment_event drop constraint payment_event_outcome_check;
alter table payment_event add constraint payment_event_outcome_check
    check (outcome in ('APPLIED', 'DEFERRED', 'NO_CHANGE', 'IGNORED', 'MISMATCH'));

-- The charge that paid an order: Stripe's charge and dispute events often name only the charge.
alter table purchase_order add column charge_id varchar(255);
create unique index purchase_order_charge_idx on purchase_order (charge_id) where charge_id is not null;
