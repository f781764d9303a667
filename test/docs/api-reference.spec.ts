import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';
import { afterAll, expect, it } from 'vitest';

// docs/api/ is committed (GitHub and the package READMEs link to it, and a change of the public
// API shows in its diff), so it must be what `npm run docs:api` makes of the JSDoc today.
const root = fileURLToPath(new URL('../../', import.meta.url));
const committed = join(root, 'docs/api');
const fresh = mkdtempSync(join(tmpdir(), 'rain-docs-api-'));

afterAll(() => rmSync(fresh, { recursive: true, force: true }));

it('docs/api/ is up to date with the JSDoc (else: npm run docs:api, and commit it)', async () => {
  const app = await Application.bootstrapWithPlugins({ options: join(root, 'scripts/docs-api/typedoc.json'), out: fresh });
  const project = await app.convert();
  expect(project, 'TypeDoc could not read the entry points (see its messages above)').toBeDefined();
  await app.generateOutputs(project!);
  expect(app.logger.hasErrors()).toBe(false);

  const generated = files(fresh);
  expect(files(committed)).toEqual(generated);
  for (const file of generated) {
    expect(readFileSync(join(committed, file), 'utf8'), `docs/api/${file}`).toBe(readFileSync(join(fresh, file), 'utf8'));
  }
}, 180_000);

function files(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}
