/** Reads a Terraform fixture folder (test/fixtures/terraform/<name>) into the adapter's model. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readTerraform, terraformFileNames } from '../../src/core/formats/terraform';

export const TERRAFORM_FIXTURES = join(__dirname, '..', 'fixtures', 'terraform');

/** The model of a fixture folder; `path` is the analysed file (main.tf by default). */
export function terraformFixture(name: string, file = 'main.tf') {
  const dir = join(TERRAFORM_FIXTURES, name);
  const { files, variableFiles } = terraformFileNames(readdirSync(dir));
  const read = (n: string) => ({ path: join(dir, n), text: readFileSync(join(dir, n), 'utf8') });
  return readTerraform({
    path: join(dir, file),
    files: files.map(read),
    variableFiles: variableFiles.map(read),
  });
}

/** A model of files given as texts, in a folder /project. */
export function terraformTexts(files: Record<string, string>, variableFiles: Record<string, string> = {}) {
  const list = (m: Record<string, string>) =>
    Object.entries(m).map(([n, text]) => ({ path: `/project/${n}`, text }));
  return readTerraform({ path: '/project/main.tf', files: list(files), variableFiles: list(variableFiles) });
}
