/**
 * Does the zip hold the file the Handler names? Lambda would only say so at the first invocation
 * (Runtime.ImportModuleError), after the deploy; checking the zip's file list says it before.
 *
 * - Node.js: `dir/file.export` → `dir/file.js`, `.mjs` or `.cjs` (the runtime tries those). A `.ts`
 *   file in its place means the code must be built first: Lambda runs JavaScript.
 * - Python: `pkg/module.function` or `pkg.module.function` → `pkg/module.py` (or a package
 *   `pkg/module/__init__.py`, or a compiled `pkg/module.*.so`).
 * - provided.*: an executable `bootstrap` at the root; the Handler is the bootstrap's business.
 * Other runtimes (Java, .NET, Ruby) are not checked: their handler names classes or built artefacts.
 */
import { AwsActionError } from './errors';
import type { ZipEntry } from './zip';

export type HandlerCheck = { checked: true; file: string } | { checked: false; reason: string };

function fail(message: string, nextStep: string, code = 'HandlerNotFound'): never {
  throw new AwsActionError(message, nextStep, { code });
}

function checkNode(paths: Set<string>, handler: string, where: string): HandlerCheck {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot <= slash + 1)
    fail(`The handler '${handler}' is not of the form file.function.`, 'Fix Handler in the template.');
  const module = handler.slice(0, dot);
  for (const ext of ['.js', '.mjs', '.cjs'])
    if (paths.has(module + ext)) return { checked: true, file: module + ext };
  const typescript = ['.ts', '.mts', '.cts', '.tsx'].map((ext) => module + ext).find((p) => paths.has(p));
  if (typescript) {
    fail(
      `The handler ${handler} is TypeScript (${typescript}): Lambda runs JavaScript, so the code must be built first.`,
      'Build it (sam build, or esbuild/tsc into a folder) and deploy the built folder.',
      'HandlerNeedsBuild',
    );
  }
  return fail(
    `The handler ${handler} needs ${module}.js (or .mjs, .cjs) in ${where}, and there is none.`,
    'Check Handler and CodeUri in the template, or build the code first if it needs a build.',
  );
}

function checkPython(paths: Set<string>, files: ZipEntry[], handler: string, where: string): HandlerCheck {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0)
    fail(`The handler '${handler}' is not of the form module.function.`, 'Fix Handler in the template.');
  // Lambda's bootstrap imports handler.rsplit('.', 1)[0] with '/' read as '.'.
  const module = handler.slice(0, dot).replace(/\./g, '/');
  const candidates = [`${module}.py`, `${module}/__init__.py`];
  const found =
    candidates.find((p) => paths.has(p)) ??
    files.find((f) => f.path.startsWith(`${module}.`) && f.path.endsWith('.so'))?.path;
  if (found) return { checked: true, file: found };
  return fail(
    `The handler ${handler} needs ${module}.py in ${where}, and there is none.`,
    'Check Handler and CodeUri in the template.',
  );
}

/** Throws an AwsActionError (HandlerNotFound, HandlerNeedsBuild) when the handler's file is missing. */
export function checkHandler(
  files: ZipEntry[],
  runtime: string | undefined,
  handler: string | undefined,
  where = 'the code folder',
): HandlerCheck {
  if (!runtime) return { checked: false, reason: 'the runtime is not known' };
  const paths = new Set(files.map((f) => f.path));
  if (/^provided(\.|$)/.test(runtime)) {
    const bootstrap = files.find((f) => f.path === 'bootstrap');
    if (!bootstrap)
      fail(
        `A ${runtime} function needs an executable file named bootstrap at the root of ${where}.`,
        'Build it (sam build) and deploy the built folder.',
      );
    if (!bootstrap.executable)
      fail(
        `The bootstrap in ${where} is not executable.`,
        'Run `chmod +x bootstrap`, then deploy again.',
        'BootstrapNotExecutable',
      );
    return { checked: true, file: 'bootstrap' };
  }
  if (!handler) return { checked: false, reason: 'the handler is not known' };
  if (runtime.startsWith('nodejs')) return checkNode(paths, handler, where);
  if (runtime.startsWith('python')) return checkPython(paths, files, handler, where);
  return { checked: false, reason: `handlers of ${runtime} are not checked` };
}
