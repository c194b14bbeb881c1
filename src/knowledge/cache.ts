import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { buildMatcherState } from '../match/matcher.js';
import {
  deferredLanguageState,
  type IndexState,
  indexPartOf,
  isIndexState,
  isReadingState,
  isTypoState,
  type LanguageState,
  type MatcherState,
  primeMatcherState,
  type ReadingState,
  type TypoState,
} from '../match/state.js';
import { PRODUCT_NAME } from '../product.js';
import type { Lexicon } from '../text/lexicon.js';
// Types only: load.js pulls in yaml and zod, which a start-up from the prebuilt index never needs.
import type { KnowledgeBase } from './load.js';
import type { Lang } from './schema.js';

/**
 * The prebuilt index: the validated knowledge and the matcher's state in one
 * file (a JSON header line, then the body in v8.serialize's format, which
 * keeps typed arrays, Maps and Sets as they are and reads back several
 * times faster than JSON), so `ask`, `chat` and the server skip YAML parsing, validation,
 * segmentation and classifier training when nothing changed. Keyed by a hash
 * of every byte of the knowledge folders, of the code that reads and indexes
 * them, and of the package version; a stale key rebuilds it quietly, a file
 * whose checksum or shape is wrong is ignored with one line (never trusted).
 * Writing is best effort: a read-only cache folder only costs the speed-up.
 * Each language's matching index stays serialized inside the body until
 * that language's first question: a one-shot `ask` reads one of the two.
 * Format 2 kept postings by term slots of their own and the classifier's
 * terms by name; format 3 keeps both by vocabulary row (match/vocabulary.ts);
 * format 4 adds the segmenter's lexicon (text/lexicon.ts); format 5 the
 * tables questions are read with (katakana readings, synonyms, prepared topic
 * names) and each language's feature tables (match/feature-ids.ts).
 */
const FORMAT = 5;
/** Format 1 was JSON (`.json`); those files are left to prune(). */
const EXTENSION = '.v8';
const NEWLINE = 0x0a;
/** Index files kept per cache folder (one per set of knowledge folders); the oldest go first. */
const KEEP = 16;

export interface CacheOptions {
  /** Where index files live; default: DATA_DIR/cache when DATA_DIR is set, else the OS cache folder. */
  cacheDir?: string | undefined;
  /** Hears why a present index was not used (damaged); stale ones are rebuilt silently. */
  onProblem?: (message: string) => void;
  /**
   * Build a stale or missing index in a child process (build-apart.ts), then
   * read it back as a current one: a long-running process keeps none of the
   * build's garbage. A one-shot command builds in its own thread (a child
   * costs its start-up and imports again).
   */
  buildApart?: boolean;
}

/** A language as stored: the typo corrector (every question needs it) and the index parts, still serialized. */
interface StoredLanguage {
  typos: TypoState;
  index: Uint8Array;
}

interface Payload {
  kb: Omit<KnowledgeBase, 'byId'>;
  matcher: Record<Lang, StoredLanguage> & { lexicon: Lexicon; reading: ReadingState };
}

/** The knowledge of `dirs`, from the prebuilt index when it is current; the matcher's state is primed either way. */
export async function loadKnowledgeCached(
  dirOrDirs: string | readonly string[],
  options: CacheOptions = {},
): Promise<KnowledgeBase> {
  // As splitKnowledgeDirs in load.ts, which this module must not import.
  const dirs = typeof dirOrDirs === 'string' ? dirOrDirs.split(delimiter).filter((d) => d.trim()) : dirOrDirs;
  const key = indexKey(dirs);
  const dir = options.cacheDir ?? defaultCacheDir();
  const file = join(dir, `index-${sha256(dirs.join('\u0000')).slice(0, 16)}${EXTENSION}`);
  const cached = key === undefined ? undefined : readIndex(file, key, options.onProblem);
  if (cached) return restore(cached, file, options.onProblem);
  const apart = options.buildApart && key !== undefined ? await builtApart(dirs, dir, file, key) : undefined;
  if (apart) return restore(apart, file, options.onProblem);
  const { loadKnowledge } = await import('./load.js');
  const kb = loadKnowledge(dirs);
  const matcher = buildMatcherState(kb);
  primeMatcherState(kb, matcher);
  if (key !== undefined) writeIndex(dir, file, key, serialize(payloadOf(kb, matcher)));
  return kb;
}

/** The body of the prebuilt index for `kb` (what the child process of build-apart.ts sends back). */
export function indexBody(kb: KnowledgeBase): Uint8Array {
  return serialize(payloadOf(kb, buildMatcherState(kb)));
}

/** The index built by a child process, written as usual and read back; undefined when none could build it. */
async function builtApart(
  dirs: readonly string[],
  dir: string,
  file: string,
  key: string,
): Promise<Payload | undefined> {
  const { buildIndexApart } = await import('./build-apart.js');
  const body = await buildIndexApart(dirs);
  const payload = body && parsedBody(body);
  if (body && payload) writeIndex(dir, file, key, body);
  return payload;
}

/** Not expected of our own child, but a body of another shape is built again here rather than trusted. */
function parsedBody(body: Uint8Array): Payload | undefined {
  try {
    const payload = deserialize(body) as Payload;
    return hasPayloadShape(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function payloadOf(kb: KnowledgeBase, matcher: MatcherState): Payload {
  const store = (state: LanguageState): StoredLanguage => ({
    typos: state.typos,
    index: serialize(indexPartOf(state)),
  });
  return {
    kb: { ...kb, byId: undefined, loadedAt: '' } as Payload['kb'],
    matcher: { ja: store(matcher.ja), en: store(matcher.en), lexicon: matcher.lexicon, reading: matcher.reading },
  };
}

function restore({ kb, matcher }: Payload, file: string, onProblem?: (message: string) => void): KnowledgeBase {
  const restored: KnowledgeBase = {
    ...kb,
    loadedAt: new Date().toISOString(),
    byId: new Map(kb.entries.map((e) => [e.id, e])),
  };
  const language = (lang: Lang) =>
    deferredLanguageState(matcher[lang].typos, () => {
      const index = deserialize(matcher[lang].index) as unknown;
      if (isIndexState(index)) return index;
      // Checksummed, so not damage: a body of another shape. Built anew rather than trusted,
      // and the file removed so the next start writes a sound one.
      onProblem?.(`ignoring the damaged prebuilt index ${file} (unexpected shape of its ${lang} part); rebuilding it`);
      rmSync(file, { force: true });
      return indexPartOf(buildMatcherState(restored)[lang]) satisfies IndexState;
    });
  const { lexicon, reading } = matcher;
  primeMatcherState(restored, { ja: language('ja'), en: language('en'), lexicon, reading });
  return restored;
}

/** The file's payload when its key is `key` and its checksum and shape hold; else undefined. */
function readIndex(file: string, key: string, onProblem?: (message: string) => void): Payload | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // none yet
  }
  try {
    const newline = bytes.indexOf(NEWLINE);
    if (newline < 0) throw new Error('no header');
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Record<string, unknown>;
    if (header.format !== FORMAT || header.key !== key) return undefined; // stale: another version or other files
    const body = bytes.subarray(newline + 1);
    if (header.sha256 !== sha256(body)) throw new Error('checksum does not match');
    const payload = deserialize(body) as Payload;
    if (!hasPayloadShape(payload)) throw new Error('unexpected shape');
    return payload;
  } catch (error) {
    onProblem?.(
      `ignoring the damaged prebuilt index ${file} (${error instanceof Error ? error.message : error}); rebuilding it`,
    );
    return undefined;
  }
}

/** The shape of what is read at once; each language's index parts are checked when first used. */
function hasPayloadShape(payload: Payload | undefined): boolean {
  const stored = (lang: Lang) => {
    const part = payload?.matcher?.[lang];
    return isTypoState(part?.typos) && part?.index instanceof Uint8Array;
  };
  const lexicon = payload?.matcher?.lexicon;
  const words = lexicon?.words instanceof Map;
  const terms = lexicon?.terms instanceof Map && [...lexicon.terms.values()].every(Array.isArray);
  const reading = isReadingState(payload?.matcher?.reading);
  return Array.isArray(payload?.kb?.entries) && stored('ja') && stored('en') && words && terms && reading;
}

function writeIndex(dir: string, file: string, key: string, body: Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const header = `${JSON.stringify({ format: FORMAT, key, sha256: sha256(body) })}\n`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(header), body]));
    // Renamed into place: a reader sees the old file or the whole new one, never half of it.
    renameSync(temporary, file);
    prune(dir);
  } catch {
    // Best effort: an unwritable cache folder only means the next start builds again.
  }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('index-') && (f.endsWith(EXTENSION) || f.endsWith('.json')))
    .map((f) => ({ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of files.slice(KEEP)) rmSync(path, { force: true });
}

/** Hash of the knowledge files, the code that turns them into an index, and the version; undefined if unreadable. */
function indexKey(dirs: readonly string[]): string | undefined {
  const hash = createHash('sha256').update(`${FORMAT}\u0000${packageVersion()}\u0000`);
  try {
    for (const dir of dirs) hashFolder(hash, dir, `${dir}\u0000`);
    hash.update(typeof __PMO_CODE_DIGEST__ === 'string' ? __PMO_CODE_DIGEST__ : codeDigest());
  } catch {
    return undefined; // a missing folder: the full load reports it properly
  }
  return hash.digest('hex');
}

/**
 * Set in the bundled CLI (scripts/bundle-cli.js) to codeDigest() of the
 * modules it was bundled from: the bundle holds exactly that code, so a
 * start from it reads no module files to hash them.
 */
declare const __PMO_CODE_DIGEST__: string | undefined;

/** The modules whose code decides what the index holds: a changed build never reads an older index. */
const CODE_DIRS = ['../knowledge/', '../match/', '../text/', '../onboarding/'];

/** Hash of the compiled (or, under vitest, source) modules that build the index. */
export function codeDigest(): string {
  const hash = createHash('sha256');
  for (const code of CODE_DIRS) hashFolder(hash, fileURLToPath(new URL(code, import.meta.url)), code, SOURCE_MAP);
  return hash.digest('hex');
}

/** Source maps beside the compiled code change nothing it does; hashing them would double the bytes read. */
const SOURCE_MAP = /\.map$/;

function hashFolder(hash: Hash, dir: string, label: string, skip?: RegExp): void {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !skip?.test(d.name))
    .map((d) => join(d.parentPath, d.name))
    .sort();
  for (const path of files) hash.update(`${label}${relative(dir, path)}\u0000`).update(readFileSync(path));
}

function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PRODUCT_NAME) return pkg.version ?? '';
    } catch {
      // not at this level
    }
  }
  return '';
}

function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATA_DIR && env.DATA_DIR !== ':memory:') return join(env.DATA_DIR, 'cache');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, PRODUCT_NAME, 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', PRODUCT_NAME);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), PRODUCT_NAME);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
