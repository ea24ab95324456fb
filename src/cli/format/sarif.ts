/**
 * SARIF 2.1.0 for code scanning (GitHub uploads it as is): every rule with its help URI, results
 * with `ruleIndex`, 1-based regions, URIs relative to `%SRCROOT%`, and safe fixes as SARIF fixes.
 */
import { DOCS_ROOT, docsUrl, type Finding, type Range, RULES, type Severity } from '../../core';
import { pathToFileURL } from 'node:url';
import type { FileReport } from '../report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};
const PARSE_ERROR = 'parse-error';

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(reports: FileReport[], version: string, cwd: string): string {
  const descriptors = [
    ...RULES.map((rule) => ({
      id: rule.meta.id,
      name: rule.meta.id
        .replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())
        .replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: `${rule.meta.why} ${rule.meta.alternative}` },
      helpUri: docsUrl(rule.meta.id),
      help: {
        text: `${rule.meta.why}\nAlternative: ${rule.meta.alternative}\nJustified when: ${rule.meta.justified}`,
        markdown: `${rule.meta.why}\n\n**Alternative:** ${rule.meta.alternative}\n\n**Justified when:** ${rule.meta.justified}\n\n[Documentation](${docsUrl(rule.meta.id)})`,
      },
      defaultConfiguration: {
        level: LEVEL[rule.meta.severity.recommended === 'off' ? 'info' : rule.meta.severity.recommended],
      },
      properties: { tags: ['serverless', rule.meta.tenet] },
    })),
    {
      id: PARSE_ERROR,
      name: 'ParseError',
      shortDescription: {
        text: 'The template could not be read completely (syntax error, duplicate key or a limit).',
      },
      helpUri: `${DOCS_ROOT}parse-errors-and-limits.md`,
      defaultConfiguration: { level: 'error' as const },
      properties: { tags: ['syntax'] },
    },
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const location = (path: string, range: Range) => ({
    physicalLocation: { artifactLocation: { uri: uri(path), uriBaseId: '%SRCROOT%' }, region: region(range) },
  });
  const results = reports.flatMap((report) => [
    ...report.parseErrors.map((p) => ({
      ruleId: PARSE_ERROR,
      ruleIndex: index.get(PARSE_ERROR)!,
      level: 'error' as const,
      message: { text: p.message },
      locations: [location(report.path, p.range)],
    })),
    ...report.findings.map((f: Finding) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [location(report.path, f.range)],
      ...(f.related.length
        ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              ...location(report.path, r.range),
              message: { text: r.message },
            })),
          }
        : {}),
      ...(f.functions.length ? { properties: { functions: f.functions } } : {}),
      ...(f.fixes.some((x) => x.safe)
        ? {
            fixes: f.fixes
              .filter((x) => x.safe)
              .map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri: uri(report.path), uriBaseId: '%SRCROOT%' },
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: region(e.range),
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              })),
          }
        : {}),
    })),
  ]);
  const root = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Ownless',
            informationUri: 'https://github.com/ownless-dev/ownless',
            semanticVersion: version,
            version,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: root } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
