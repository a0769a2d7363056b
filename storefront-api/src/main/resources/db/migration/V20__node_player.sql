-- Where a buyer's own node plays what it fetched (loopback address and token), as its heartbeat says.
alter table grid_node add column player_url varchar(120);
