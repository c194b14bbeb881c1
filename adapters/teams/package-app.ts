import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import JSZip from 'jszip';
import { ConfigError, loadKnowledge, PRODUCT_NAME, resolveKnowledgeDir } from '../../src/index.js';
import { COLOR_ICON_SIZE, colorIcon, OUTLINE_ICON_SIZE, outlineIcon, pngSize } from './icons.js';

/**
 * `npm run teams:package`: fills manifest.template.json from the environment
 * and zips it with the two icons into the file Teams accepts for upload
 * (Developer Portal, Teams admin centre, or "Upload a custom app").
 */

/** Any fixed GUID works for sideloading; set TEAMS_APP_ID to keep your own across releases. */
export const DEFAULT_TEAMS_APP_ID = '6f1c2d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';
export const ZIP_NAME = `${PRODUCT_NAME}-teams.zip`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageOptions {
  env: NodeJS.ProcessEnv;
  /** The repository root: holds package.json and adapters/teams/. */
  rootDir: string;
  /** Defaults to <root>/build/teams. */
  outDir?: string;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
}

function guidFrom(env: NodeJS.ProcessEnv, name: string, fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (!value)
    throw new ConfigError(name, 'is required to package the Teams app (it becomes the bot id in manifest.json)');
  if (!GUID.test(value)) throw new ConfigError(name, `must be a GUID like ${DEFAULT_TEAMS_APP_ID}`);
  return value;
}

/** Accepts "bot.example.com" or a pasted URL like "https://bot.example.com/api/messages". */
export function domainOf(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const host = trimmed.replace(/^[a-z]+:\/\//i, '').split('/')[0];
  if (!host || !/^[a-z0-9.-]+(:\d+)?$/i.test(host))
    throw new ConfigError('BOT_DOMAIN', 'must be a host name like bot.example.com');
  return host.toLowerCase();
}

export function buildManifest(options: PackageOptions): Record<string, unknown> {
  const { env, rootDir } = options;
  const botId = guidFrom(env, 'MICROSOFT_APP_ID');
  const appId = guidFrom(env, 'TEAMS_APP_ID', DEFAULT_TEAMS_APP_ID);
  const domain = domainOf(env.BOT_DOMAIN);
  const { version } = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { version: string };
  const template = readFileSync(join(rootDir, 'adapters/teams/manifest.template.json'), 'utf8');
  // Every substituted value is a validated GUID or a semver, so plain text replacement cannot break the JSON.
  const filled = template
    .replaceAll('{{MICROSOFT_APP_ID}}', botId)
    .replaceAll('{{TEAMS_APP_ID}}', appId)
    .replaceAll('{{VERSION}}', version)
    .replaceAll('{{ROLE_ARGS}}', roleArgs(env));
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  manifest.validDomains = domain ? [domain] : [];
  return manifest;
}

/**
 * The roles `role …` knows, from the knowledge the bot will serve (entries'
 * `commands:`), so an organisation's own role shows up in Teams' command list.
 * Command words are [a-z0-9-] only, so they are safe inside the JSON text.
 */
function roleArgs(env: NodeJS.ProcessEnv): string {
  const kb = loadKnowledge(resolveKnowledgeDir(undefined, env));
  const args = kb.entries.flatMap((e) => e.commands.filter((c) => c.startsWith('role ')).map((c) => c.slice(5)));
  // Teams cuts a command description at 128 characters.
  let text = '';
  for (const arg of args) if (`${text}, ${arg}`.length <= 80) text = text ? `${text}, ${arg}` : arg;
  return text;
}

/** A designer's PNG in adapters/teams/icons/ wins over the generated one, if it has the size Teams requires. */
function icon(rootDir: string, name: string, size: number, generate: () => Buffer): Buffer {
  const custom = join(rootDir, 'adapters/teams/icons', name);
  if (!existsSync(custom)) return generate();
  const png = readFileSync(custom);
  const actual = pngSize(png);
  if (actual?.width !== size || actual.height !== size) {
    throw new ConfigError(relative(rootDir, custom), `must be a ${size}x${size} PNG`);
  }
  return png;
}

export async function packageTeamsApp(options: PackageOptions): Promise<PackageResult> {
  const manifest = buildManifest(options);
  const outDir = options.outDir ?? join(options.rootDir, 'build/teams');
  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': icon(options.rootDir, 'color.png', COLOR_ICON_SIZE, colorIcon),
    'outline.png': icon(options.rootDir, 'outline.png', OUTLINE_ICON_SIZE, outlineIcon),
  };
  mkdirSync(outDir, { recursive: true });
  // Teams wants the three files at the root of the zip, not inside a folder.
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(join(outDir, name), bytes);
    zip.file(name, bytes);
  }
  const zipPath = join(outDir, ZIP_NAME);
  writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return { zipPath, manifest };
}

/** The directory holding package.json above this file, whether it runs from adapters/teams/ or dist/adapters/teams/. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'adapters/teams/manifest.template.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json with adapters/teams/)');
    dir = parent;
  }
  return dir;
}

async function main(): Promise<void> {
  const rootDir = repoRoot();
  loadDotenv({ quiet: true, path: join(rootDir, '.env') });
  try {
    const { zipPath } = await packageTeamsApp({ env: process.env, rootDir });
    process.stdout.write(`Teams app package written to ${relative(process.cwd(), zipPath)}\n`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`teams:package: ${error.message}\n`);
    process.exitCode = 1;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  try {
    return entry !== undefined && realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    process.stderr.write(`teams:package: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
