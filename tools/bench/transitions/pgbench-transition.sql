-- pgbench script of `npm run bench:transitions`: the database work of one transition (DESIGN.md §3)
-- as four statements in one transaction — lock the request row, update it, insert a history row,
-- insert an outbox row — against the real tables of the bench database (same indexes, same row
-- size: the targets are copies of a draft the API filed). :targets rows agendy-pgbench-1..:targets
-- (uuid = md5 of the name) are picked at random, so clients rarely wait for one another's lock.
-- The outbox row is written already processed (as the runtime writes assign/setField effects), so
-- the worker's relay leaves it alone.
\set n random(1, :targets)
BEGIN;
SELECT id, reference, agenda_code, agenda_version, filer_id, state, final, version, snapshot, created_at, updated_at FROM requests WHERE id = md5('agendy-pgbench-' || :n)::uuid FOR UPDATE;
UPDATE requests SET version = version + 1, updated_at = clock_timestamp(), snapshot = jsonb_set(snapshot, '{version}', to_jsonb(version + 1)) WHERE id = md5('agendy-pgbench-' || :n)::uuid RETURNING version AS v \gset
INSERT INTO request_history (id, request_id, version, at, kind, transition, from_state, to_state, actor_id, changed_fields) VALUES (gen_random_uuid()::text, md5('agendy-pgbench-' || :n)::uuid, :v, clock_timestamp(), 'transition', 'save', 'draft', 'draft', 'pgbench', '{note}');
INSERT INTO outbox (id, request_id, effect_type, job, effect, available_at, relayed_at, processed_at, process_count) VALUES (gen_random_uuid()::text, md5('agendy-pgbench-' || :n)::uuid, 'setField', NULL, '{"type": "setField", "field": "note", "value": "pgbench"}', clock_timestamp(), clock_timestamp(), clock_timestamp(), 1);
END;
