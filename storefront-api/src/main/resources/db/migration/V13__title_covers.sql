-- Cover art delivered with a title (a DDEX release's front cover image): PNG or JPEG, checked by
-- its first bytes, at most the store's body limit. Titles without one get a drawn placeholder.
create table title_cover (
    title_id     uuid primary key references title (id),
    content_type varchar(16) not null check (content_type in ('image/png', 'image/jpeg')),
    bytes        bytea       not null check (length(bytes) > 0),
    sha256       char(64)    not null,
    updated_at   timestamptz not null
);
