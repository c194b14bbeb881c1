/** Placeholder until the persistence issue lands analytics; kept as its own module so ask stays fast. */
export async function statsCommand(_flags: { since?: string | undefined; json?: boolean }): Promise<number> {
  process.stderr.write('pmo-guide: stats needs the analytics store (not built yet)\n');
  return 1;
}
