import pg from 'pg';

/** Drops the run's template and any database a crashed test file left behind. */
export default async function globalTeardown() {
  const run = process.env.CL_TEST_RUN;
  if (!run) return;
  const admin = new pg.Client({ connectionString: process.env.CL_TEST_BASE_URL });
  await admin.connect();
  const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cl_test_${run}_%`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
}
