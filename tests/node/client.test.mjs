// The official Trino Node client (npm `trino-client`) against our coordinator: the checks of
// trino-protocol.md §5.2 / checklist §8 ("Node client"). TRINO_URL names the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trino, BasicAuth } from 'trino-client';

const server = process.env.TRINO_URL;
assert.ok(server, 'TRINO_URL must name a running coordinator');

function client() {
  return Trino.create({ server, catalog: 'tpch', schema: 'tiny', auth: new BasicAuth('test') });
}

async function collect(iterator) {
  const results = [];
  for await (const result of iterator) {
    results.push(result);
  }
  return results;
}

test('a query returns every row with its columns', async () => {
  const results = await collect(await client().query('SELECT nationkey, name FROM nation ORDER BY nationkey'));
  const rows = results.flatMap((r) => r.data ?? []);
  assert.equal(rows.length, 25);
  assert.deepEqual(rows[0], [0, 'ALGERIA']);
  const columns = results.find((r) => r.columns)?.columns;
  assert.deepEqual(columns.map((c) => [c.name, c.type]), [['nationkey', 'bigint'], ['name', 'varchar(25)']]);
  assert.ok(results.every((r) => !r.error));
});

test('a missing table fails with Trino\'s message', async () => {
  const results = await collect(await client().query('SELECT * FROM tpch.tiny.foobar'));
  const error = results.find((r) => r.error)?.error;
  assert.equal(error.errorName, 'TABLE_NOT_FOUND');
  assert.equal(error.message, "line 1:15: Table 'tpch.tiny.foobar' does not exist");
});

test('cancel(id) ends the query FAILED and queryInfo reports it', async () => {
  const trino = client();
  const iterator = await trino.query('SELECT * FROM tpch.sf1.lineitem');
  const first = await iterator.next();
  const id = first.value.id;
  assert.match(id, /^\d{8}_\d{6}_\d{5}_[a-km-np-z2-9]{5}$/);
  await trino.cancel(id);
  const info = await trino.queryInfo(id);
  assert.equal(info.state, 'FAILED');
  assert.equal(info.query, 'SELECT * FROM tpch.sf1.lineitem');
  assert.equal(info.session.source, 'trino-js-client');
});

test('PREPARE then EXECUTE through the Added-Prepare header', async () => {
  const trino = client();
  await collect(await trino.query('PREPARE p FROM SELECT ? + 1'));
  const results = await collect(await trino.query('EXECUTE p USING 41'));
  assert.deepEqual(results.flatMap((r) => r.data ?? []), [[42]]);
});
