-- A title's size as its published content measures it. Until content is published the
-- catalog shows the size the publisher claimed; after, only the true one.
alter table title add column content_size_bytes bigint check (content_size_bytes > 0);
update title t set content_size_bytes = c.content_size from title_content c where c.title_id = t.id;
