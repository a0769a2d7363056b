-- Each sale keeps the hold it was paid under: a later change of the refund window never moves it.
alter table purchase_order add column hold_until timestamptz;
-- Orders paid before this column existed were held by the window then in force, the default 14 days.
update purchase_order set hold_until = paid_at + interval '14 days' where paid_at is not null;

-- A session serves one sale (or none: a trial, a re-download after the hold): it records which,
-- when it opens, and its credits carry that sale. Settlement reads the credits of the sale only.
alter table download_session add column order_id uuid references purchase_order (id);
alter table carriage_credit add column order_id uuid references purchase_order (id);

-- A sale pays for each of its pieces once, however many sessions its licence opens: the first
-- valid claim wins, a re-download is credited only for pieces not yet credited to the sale.
create unique index carriage_credit_order_piece_idx on carriage_credit (order_id, piece) where order_id is not null;
create index download_session_order_idx on download_session (order_id) where order_id is not null;
