-- Password reset links: only the token's SHA-256 is kept, so the table alone opens no account.
-- A link works once, for an hour; asking again does not cancel an earlier one before it expires.
create table password_reset (
    token_sha256 char(64) primary key,
    account_id   uuid        not null references account (id),
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz
);

create index password_reset_account_idx on password_reset (account_id, created_at desc);
