/**
 * The product's name: the npm package and command, the title of the bot's own notices,
 * the `app` field of every log line, the cache folder. tests/product.test.ts keeps it
 * equal to package.json's name. Persisted identifiers (the SQLite file name, the
 * PostgreSQL migration lock) spell it out on purpose: renaming the product must not
 * orphan a deployment's database.
 */
export const PRODUCT_NAME = 'pmo-guide';
