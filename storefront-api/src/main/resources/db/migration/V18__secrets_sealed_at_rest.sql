-- Secrets at rest (issue 19): content keys, signing keys and the store's own secrets are kept
-- sealed under a master key the database never sees (AES-256-GCM, see secrets/MasterKeys), with
-- the master key's id beside each. The plaintext columns stay only until the store's first
-- start after this migration seals what they hold and empties them (secrets/SecretsAtRest).
alter table title_content alter column content_key drop not null;
alter table title_content add column content_key_sealed bytea;
alter table title_content add column content_key_master_key varchar(40);
alter table title_content add constraint title_content_key_sealed_with_its_master_key
    check ((content_key_sealed is null) = (content_key_master_key is null));
alter table title_content add constraint title_content_key_kept_one_way
    check ((content_key is null) <> (content_key_sealed is null));

alter table signing_key alter column private_key drop not null;
alter table signing_key add column private_key_sealed bytea;
alter table signing_key add column private_key_master_key varchar(40);
alter table signing_key add constraint signing_key_sealed_with_its_master_key
    check ((private_key_sealed is null) = (private_key_master_key is null));
alter table signing_key add constraint signing_key_kept_one_way
    check ((private_key is null) <> (private_key_sealed is null));

alter table store_secret alter column value drop not null;
alter table store_secret add column value_sealed bytea;
alter table store_secret add column value_master_key varchar(40);
alter table store_secret add constraint store_secret_sealed_with_its_master_key
    check ((value_sealed is null) = (value_master_key is null));
alter table store_secret add constraint store_secret_kept_one_way
    check ((value is null) <> (value_sealed is null));

-- A signing key withdrawn by the admin (suspected compromise) is no longer published at once,
-- so nothing it signed is accepted any more; a key merely retired by a rotation stays published
-- for carriage.auth.retired-key-retention.
alter table signing_key add column withdrawn_at timestamptz;
