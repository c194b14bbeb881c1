import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pngSize } from '../../adapters/teams/icons.js';
import { DEFAULT_TEAMS_APP_ID, packageTeamsApp, repoRoot, ZIP_NAME } from '../../adapters/teams/package-app.js';
import { ConfigError } from '../../src/errors.js';

const BOT_ID = '0b5c6d7e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';
let outDir: string;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'pmo-teams-'));
});

afterEach(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** Pixels of an 8-bit RGBA PNG with filter 0 rows, as our encoder writes them. */
function rgbaRows(png: Buffer): Buffer[] {
  const size = pngSize(png)?.width ?? 0;
  const idatAt = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
  return Array.from({ length: size }, (_, y) => raw.subarray(y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1)));
}

describe('npm run teams:package', () => {
  it('zips manifest.json with the bot id and both icons at the right sizes', async () => {
    const env = { MICROSOFT_APP_ID: BOT_ID, BOT_DOMAIN: 'https://pmo-bot.example.com/api/messages' };
    const { zipPath } = await packageTeamsApp({ env, rootDir: repoRoot(), outDir });
    expect(zipPath).toBe(join(outDir, ZIP_NAME));
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(await (zip.file('manifest.json')?.async('string') ?? '{}'));
    expect(manifest.id).toBe(DEFAULT_TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.composeExtensions[0].botId).toBe(BOT_ID);
    expect(manifest.composeExtensions[0].commands[0]).toMatchObject({ id: 'search', type: 'query' });
    expect(manifest.validDomains).toEqual(['pmo-bot.example.com']);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    const titles = manifest.bots[0].commandLists.flatMap((l: { commands: { title: string }[] }) =>
      l.commands.map((c) => c.title),
    );
    expect(new Set(titles)).toEqual(new Set(['help', 'cert', 'role', 'skills', 'career', 'onboard']));
    const role = manifest.bots[0].commandLists[0].commands.find((c: { title: string }) => c.title === 'role');
    // The roles come from the knowledge's `commands:`, not from the template.
    expect(role.description).toBe('A role: pm, pmo, admin, administrator, expert, manager / 役割の説明');

    const color = await zip.file('color.png')?.async('nodebuffer');
    const outline = await zip.file('outline.png')?.async('nodebuffer');
    expect(pngSize(color ?? Buffer.alloc(0))).toEqual({ width: 192, height: 192 });
    expect(pngSize(outline ?? Buffer.alloc(0))).toEqual({ width: 32, height: 32 });
  });

  it('draws the outline icon white on transparent, as Teams requires', async () => {
    await packageTeamsApp({ env: { MICROSOFT_APP_ID: BOT_ID }, rootDir: repoRoot(), outDir });
    const rows = rgbaRows(readFileSync(join(outDir, 'outline.png')));
    const pixels = rows.flatMap((row) =>
      Array.from({ length: row.length / 4 }, (_, i) => [...row.subarray(i * 4, i * 4 + 4)]),
    );
    const kinds = new Set(
      pixels.map(([r, g, b, a]) => (a === 0 ? 'clear' : r === 255 && g === 255 && b === 255 ? 'white' : 'other')),
    );
    expect(kinds).toEqual(new Set(['clear', 'white']));
  });

  it('uses TEAMS_APP_ID when given', async () => {
    const teamsId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const { manifest } = await packageTeamsApp({
      env: { MICROSOFT_APP_ID: BOT_ID, TEAMS_APP_ID: teamsId },
      rootDir: repoRoot(),
      outDir,
    });
    expect(manifest.id).toBe(teamsId);
    expect(manifest.validDomains).toEqual([]);
  });

  it('fails with one line naming MICROSOFT_APP_ID when it is missing', async () => {
    const attempt = packageTeamsApp({ env: {}, rootDir: repoRoot(), outDir });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/^MICROSOFT_APP_ID: is required/);
  });

  it('refuses an app id that is not a GUID', async () => {
    await expect(packageTeamsApp({ env: { MICROSOFT_APP_ID: 'my-bot' }, rootDir: repoRoot(), outDir })).rejects.toThrow(
      /^MICROSOFT_APP_ID: must be a GUID/,
    );
  });
});
