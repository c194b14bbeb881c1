/** The multi-turn table alone, misses on stderr: `node dist/bench/multiturn-run.js [--verbose]`. */
import { fileURLToPath } from 'node:url';
import { multiTurnTable } from './multiturn.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
process.stdout.write(multiTurnTable(root, process.argv.includes('--verbose')));
