-- What a node says of its own settings at each heartbeat, for its operator's dashboard: paused by
-- its operator, its serving hours, its caps. Claims, shown as such; null from older nodes.
alter table grid_node add column paused boolean;
alter table grid_node add column serving_hours varchar(100);
alter table grid_node add column upload_cap_bps bigint check (upload_cap_bps >= 0);
alter table grid_node add column connection_cap_bps bigint check (connection_cap_bps >= 0);
