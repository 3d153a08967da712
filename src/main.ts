/** Entry point: parse the config once, start the app, stop it cleanly on SIGINT/SIGTERM. */
import { loadConfig } from './config/schema';
import { startApp } from './composition/app';
import { CandorError } from './domain/errors';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await startApp(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof CandorError) console.error(`Candor cannot start: ${e.message}`);
  else console.error('Candor cannot start:', e);
  process.exit(1);
});
