/**
 * Creating and dropping an instance's database and user on a registered server, over the
 * server's own protocol (pg, mysql2 — loaded only when used). Identifiers are generated
 * by Berth (`berth_<id>_<node>`), and still quoted; the password is escaped as a literal.
 */
export interface ServerLogin {
  engine: 'postgres' | 'mysql';
  host: string;
  port: number;
  username: string;
  password: string;
}

const identifier = /^[a-z][a-z0-9_]{0,62}$/;

function assertIdentifier(name: string): void {
  if (!identifier.test(name)) throw new Error(`not a generated identifier: ${name}`);
}

async function withPostgres<T>(
  login: ServerLogin,
  fn: (q: (sql: string) => Promise<unknown>, lit: (v: string) => string) => Promise<T>,
): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    return await fn(
      (sql) => client.query(sql),
      (v) => client.escapeLiteral(v),
    );
  } finally {
    await client.end();
  }
}

async function withMysql<T>(
  login: ServerLogin,
  fn: (q: (sql: string) => Promise<unknown>, lit: (v: string) => string) => Promise<T>,
): Promise<T> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
  });
  try {
    return await fn(
      (sql) => connection.query(sql),
      (v) => connection.escape(v),
    );
  } finally {
    await connection.end();
  }
}

/** Creates the database and a user owning it; idempotent (an existing one is kept). */
export async function createDatabase(
  login: ServerLogin,
  name: string,
  password: string,
): Promise<void> {
  assertIdentifier(name);
  if (login.engine === 'postgres') {
    await withPostgres(login, async (q, lit) => {
      const exists = (await q(`select 1 from pg_roles where rolname = ${lit(name)}`)) as {
        rowCount: number;
      };
      if (exists.rowCount === 0) await q(`create role "${name}" login password ${lit(password)}`);
      else await q(`alter role "${name}" login password ${lit(password)}`);
      const db = (await q(`select 1 from pg_database where datname = ${lit(name)}`)) as {
        rowCount: number;
      };
      if (db.rowCount === 0) await q(`create database "${name}" owner "${name}"`);
    });
    return;
  }
  await withMysql(login, async (q, lit) => {
    await q(`create database if not exists \`${name}\``);
    await q(`create user if not exists ${lit(name)}@'%' identified by ${lit(password)}`);
    await q(`alter user ${lit(name)}@'%' identified by ${lit(password)}`);
    await q(`grant all privileges on \`${name}\`.* to ${lit(name)}@'%'`);
  });
}

/** Drops the database and its user; idempotent. Ends open sessions first (Postgres). */
export async function dropDatabase(login: ServerLogin, name: string): Promise<void> {
  assertIdentifier(name);
  if (login.engine === 'postgres') {
    await withPostgres(login, async (q, lit) => {
      await q(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = ${lit(name)}`,
      );
      await q(`drop database if exists "${name}"`);
      await q(`drop role if exists "${name}"`);
    });
    return;
  }
  await withMysql(login, async (q, lit) => {
    await q(`drop database if exists \`${name}\``);
    await q(`drop user if exists ${lit(name)}@'%'`);
  });
}

/** Checks that the server answers with these credentials (at registration). */
export async function checkLogin(login: ServerLogin): Promise<void> {
  if (login.engine === 'postgres') await withPostgres(login, async (q) => q('select 1'));
  else await withMysql(login, async (q) => q('select 1'));
}
