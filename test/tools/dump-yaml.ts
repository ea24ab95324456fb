// Prints each YAML file's tree as JSON (one line per file) for the differential test against PyYAML.
import { readFileSync } from 'node:fs';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { toJS } from '../../src/core/parse/to-js';

for (const file of process.argv.slice(2)) {
  const { root, problems } = parseYaml(readFileSync(file, 'utf8'));
  const value = toJS(root);
  process.stdout.write(
    JSON.stringify({ file, problems: problems.map((p) => p.message), value }, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    ) + '\n',
  );
}
