// Opens (and so migrates) a store in its own process: `tsx open-store-process.ts TARGET [PG_SCHEMA]`.
import { openStore } from '../../src/store/index.js';

const [target, pgSchema] = process.argv.slice(2);
const store = await openStore(target, pgSchema ? { pgSchema } : {});
await store.close();
process.stdout.write('opened\n');
