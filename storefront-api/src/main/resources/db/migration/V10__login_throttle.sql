-- Failed sign-ins per account (by email, known or not) and per client address: what the login
-- throttle needs to make guessing slow. Rows go when a window passes without failures.
create table login_failure (
    throttle_key    varchar(300) primary key,
    failures        integer      not null check (failures > 0),
    last_failure_at timestamptz  not null,
    blocked_until   timestamptz
);
