// `npm run db:migrate`: brings the database named by the environment (DATABASE_URL, or
// SQLite in DATA_DIR) up to date and exits. Servers also migrate when they start; this is
// for deployments that migrate as a separate step before rolling out replicas.
import { configFromEnv } from '../config'
import { migrate, openDb, redactUrl, StartupError } from '../db/connect'

const config = configFromEnv()
try {
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.pgSchema,
    warn: (m) => console.warn(m),
  })
  try {
    const ran = await migrate(db)
    console.log(ran.length ? `${db.where}: applied ${ran.join(', ')}` : `${db.where}: up to date`)
  } finally {
    await db.close()
  }
} catch (e) {
  const message = e instanceof StartupError ? e.message : (e as Error).message
  console.error(
    config.databaseUrl ? message.replaceAll(config.databaseUrl, redactUrl(config.databaseUrl)) : message,
  )
  process.exitCode = 1
}
