// Writes docs/features.md from the feature catalogue: `node --import tsx scripts/gen-feature-docs.ts`.
// A test fails when the checked-in file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFeatureDocs } from '../core/features/featureDocs';

const target = join(fileURLToPath(new URL('.', import.meta.url)), '../docs/features.md');
writeFileSync(target, renderFeatureDocs());
console.log(`wrote ${target}`);
