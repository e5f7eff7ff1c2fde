import pg from 'pg';

/** Drops the run's template and any database a crashed test file left behind; stops the run's own servers. */
export default async function globalTeardown() {
  const run = process.env.CL_TEST_RUN;
  if (run) {
    const admin = new pg.Client({ connectionString: process.env.CL_TEST_BASE_URL });
    await admin.connect();
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`cl_test_${run}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  }
  const services = globalThis.__clTestServices;
  if (services && services.exitCode === null) {
    const exited = new Promise((resolve) => services.once('exit', resolve));
    services.stdin.end();
    await exited;
  }
}
