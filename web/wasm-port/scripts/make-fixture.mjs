// node scripts/make-fixture.mjs [outDir] [mean|weighted_mean]: a fixture model folder from mBERT's vocabulary.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mbertFixture, writeFolder } from './fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'target', 'fixture-model');
const shared = process.env.MICROEMBED_SHARED ?? join(root, '..', '..', '..', 'shared', 'data');
writeFolder(out, mbertFixture(shared, { pooling: process.argv[3] ?? 'mean' }));
console.log(`fixture model written to ${out}`);
