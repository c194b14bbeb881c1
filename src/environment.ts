import { config as loadDotenv } from 'dotenv';

let loaded = false;

/**
 * Fills process.env from `.env` in the working directory, under the real
 * environment (a variable set there wins over the file). Every entry point
 * calls this first — the server and every CLI command — so `kb check`,
 * `ask`, `chat`, `stats` and `npm start` read the same configuration.
 * Blank values are left as they are; config.ts treats them as unset.
 */
export function loadEnvironment(): void {
  if (loaded) return;
  loaded = true;
  // quiet: dotenv would otherwise print an advertisement line on every run.
  loadDotenv({ quiet: true });
}
