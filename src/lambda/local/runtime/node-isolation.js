// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * What a Node.js handler can resolve, as on Lambda: the deployment package (LAMBDA_TASK_ROOT and its
 * node_modules), the layers (NODE_PATH) and the AWS SDK for JavaScript v3 that Lambda's runtime
 * includes, and nothing else. Node looks for node_modules in every folder above the requiring file;
 * on Lambda those are /var and /, here they are the developer's project and home, whose packages the
 * deployed function would not have. The CommonJS loader is confined here; ES modules by the resolve
 * hook in node-isolation-hooks.mjs, which uses the same rules.
 *
 * The SDK: Lambda puts it in /var/runtime/node_modules, after the layers. Locally it is taken from the
 * nearest node_modules above the code folder that has @aws-sdk (launch.ts passes it), for `@aws-sdk/*`
 * requests only; when there is none, the error says how to add it.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** @param {string} file */
function real(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** @param {string} file @param {string} root */
function within(file, root) {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A package name, not a relative, absolute, `node:` or URL specifier. */
function isBare(/** @type {string} */ specifier) {
  return !/^(\.{1,2}(\/|\\|$)|\/|\\|[a-zA-Z]:[\\/]|node:|file:|data:)/.test(specifier);
}

const isSdk = (/** @type {string} */ specifier) => specifier.startsWith('@aws-sdk/');

/**
 * The rules for one environment.
 * @param {{ taskRoot: string, nodePath: string[], sdkModules?: string }} settings
 */
function confinement(settings) {
  const layerModules = settings.nodePath.filter((dir) => path.basename(dir) === 'node_modules');
  // A file of the code folder, or of a layer, looks for packages inside it only (plus NODE_PATH).
  const roots = [settings.taskRoot, ...layerModules.map((dir) => path.dirname(dir))].flatMap((root) => [
    path.resolve(root),
    real(root),
  ]);
  const sdkModules = settings.sdkModules;
  return {
    layerModules,
    sdkModules,
    /** The confining root of a file, when it is code of the function or of a layer. */
    rootOf(/** @type {string} */ file) {
      return roots.find((root) => within(file, root));
    },
    within,
    isBare,
    isSdk,
    real,
    /** The message of a package that cannot be found, with what to do when it is the SDK. */
    missing(/** @type {string} */ specifier, /** @type {string} */ from) {
      const base = `Cannot find module '${specifier}' (required from ${from})`;
      if (!isSdk(specifier)) return base;
      const name = specifier.split('/').slice(0, 2).join('/');
      return sdkModules
        ? `${base}: Lambda's Node.js runtime includes the AWS SDK for JavaScript v3; locally it comes from ${sdkModules}, which has no ${name}. Add it there: npm install --save-dev ${name}`
        : `${base}: Lambda's Node.js runtime includes the AWS SDK for JavaScript v3; locally it comes from the project's node_modules, and no node_modules above the code folder has @aws-sdk. Add it to the project: npm install --save-dev ${name}`;
    },
  };
}

/**
 * Confines CommonJS resolution: a bare request from the function's or a layer's code looks only in
 * node_modules folders inside that code and on NODE_PATH; `@aws-sdk/*` falls back to the SDK.
 * @param {ReturnType<typeof confinement>} rules
 */
function confineCommonJs(rules) {
  /** @type {any} */
  const Module = require('node:module');
  const globalPaths = new Set(rules.layerModules.map((dir) => path.resolve(dir)));
  const lookupPaths = Module._resolveLookupPaths;
  Module._resolveLookupPaths = function (/** @type {string} */ request, /** @type {any} */ parent) {
    const paths = lookupPaths.call(this, request, parent);
    if (!Array.isArray(paths) || !isBare(request) || typeof parent?.filename !== 'string') return paths;
    const root = rules.rootOf(path.dirname(parent.filename));
    if (!root) return paths;
    return paths.filter((dir) => within(dir, root) || globalPaths.has(path.resolve(dir)));
  };
  const resolveFilename = Module._resolveFilename;
  /** A module of the project, for `@aws-sdk/*` requests only (see the module comment). */
  let sdkParent;
  Module._resolveFilename = function (
    /** @type {string} */ request,
    /** @type {any} */ parent,
    /** @type {boolean} */ isMain,
    /** @type {unknown} */ options,
  ) {
    try {
      return resolveFilename.call(this, request, parent, isMain, options);
    } catch (error) {
      const e = /** @type {NodeJS.ErrnoException} */ (error);
      const from = typeof parent?.filename === 'string' ? parent.filename : undefined;
      if (e?.code !== 'MODULE_NOT_FOUND' || !isSdk(request) || !from || !rules.rootOf(path.dirname(from)))
        throw error;
      if (rules.sdkModules) {
        if (!sdkParent) {
          const project = path.dirname(rules.sdkModules);
          sdkParent = new Module(path.join(project, 'index.js'));
          sdkParent.filename = path.join(project, 'index.js');
          sdkParent.paths = Module._nodeModulePaths(project);
        }
        try {
          return resolveFilename.call(this, request, sdkParent, false);
        } catch {
          // not in the project either: said below
        }
      }
      e.message = rules.missing(request, from);
      throw e;
    }
  };
}

/**
 * The resolution of an ES module import, as a generator of the resolutions it asks for, so that one
 * body serves Node's synchronous hooks (module.registerHooks) and its asynchronous ones (module.register,
 * in node-isolation-hooks.mjs): each yield is `[specifier, context]`, answered `{ url }` or `{ error }`.
 * @param {ReturnType<typeof confinement>} rules
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @returns {Generator<[string, object], { url: string }, { url?: string, error?: unknown }>}
 */
function* resolveImport(rules, specifier, context) {
  const { fileURLToPath, pathToFileURL } = require('node:url');
  const parentURL = context.parentURL;
  const direct = () => /** @type {[string, object]} */ ([specifier, context]);
  const root =
    parentURL?.startsWith('file:') && isBare(specifier)
      ? rules.rootOf(path.dirname(fileURLToPath(parentURL)))
      : undefined;
  if (!parentURL || !root) {
    const answer = yield direct();
    if (answer.error) throw answer.error;
    return /** @type {{ url: string }} */ (answer);
  }
  const inside = (/** @type {string} */ url, /** @type {string} */ folder) =>
    !url.startsWith('file:') || within(fileURLToPath(url), folder);
  const first = yield direct();
  if (first.url && inside(first.url, root)) return { ...first, url: first.url };
  // Where Lambda looks next: the layers (NODE_PATH), then the runtime's SDK.
  const fallbacks = [
    ...rules.layerModules,
    ...(isSdk(specifier) && rules.sdkModules ? [rules.sdkModules] : []),
  ];
  for (const modules of fallbacks) {
    const from = pathToFileURL(path.join(path.dirname(modules), 'ownless-resolve.mjs')).href;
    const answer = yield [specifier, { ...context, parentURL: from }];
    if (answer.url && inside(answer.url, real(modules))) return { ...answer, url: answer.url };
  }
  const error = /** @type {NodeJS.ErrnoException} */ (
    new Error(rules.missing(specifier, fileURLToPath(parentURL)))
  );
  error.code = 'ERR_MODULE_NOT_FOUND';
  throw error;
}

/**
 * Drives resolveImport with a synchronous `nextResolve` (Node's in-thread hooks).
 * @param {ReturnType<typeof resolveImport>} steps
 * @param {Function} nextResolve
 */
function resolveSync(steps, nextResolve) {
  let step = steps.next();
  while (!step.done) {
    /** @type {{ url?: string, error?: unknown }} */
    let answer;
    try {
      answer = nextResolve(...step.value);
    } catch (error) {
      answer = { error };
    }
    step = steps.next(answer);
  }
  return step.value;
}

/**
 * Confines ES module resolution with Node's in-thread hooks where it has them (22.15, 23.5 and later);
 * false where it does not, and node-isolation-hooks.mjs must be registered instead.
 * @param {ReturnType<typeof confinement>} rules
 */
function confineImportsInThread(rules) {
  /** @type {any} */
  const nodeModule = require('node:module');
  if (typeof nodeModule.registerHooks !== 'function') return false;
  nodeModule.registerHooks({
    resolve: (
      /** @type {string} */ specifier,
      /** @type {object} */ context,
      /** @type {Function} */ nextResolve,
    ) => resolveSync(resolveImport(rules, specifier, context), nextResolve),
  });
  return true;
}

/** The nearest package.json above `file` says whether a .js file is ESM. */
function isModulePackage(/** @type {string} */ file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/**
 * Packages resolve as in the deployed function (see the module comment). The SDK's folder comes as
 * `--aws-sdk=<node_modules>` from launch.ts; an argument, so the handler's environment stays Lambda's.
 * Imports are confined in-thread where Node can; elsewhere (Node 20, 22 before 22.15) a loader thread
 * costs ~30 ms of boot, so it is started for handlers that are ES modules only (a CommonJS handler's
 * dynamic import() is then not confined).
 */
function isolate() {
  const { pathToFileURL } = require('node:url');
  const sdkArgument = process.argv.find((arg) => arg.startsWith('--aws-sdk='));
  const settings = {
    taskRoot: process.env.LAMBDA_TASK_ROOT ?? process.cwd(),
    nodePath: (process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean),
    sdkModules: sdkArgument ? sdkArgument.slice('--aws-sdk='.length) : undefined,
  };
  const rules = confinement(settings);
  confineCommonJs(rules);
  if (confineImportsInThread(rules) || !handlerIsModule(settings.taskRoot)) return;
  /** @type {any} */
  const nodeModule = require('node:module');
  if (typeof nodeModule.register === 'function')
    nodeModule.register(pathToFileURL(path.join(__dirname, 'node-isolation-hooks.mjs')).href, {
      data: settings,
    });
}

/** Whether _HANDLER names an ES module (.mjs, or .js in a "type": "module" package). */
function handlerIsModule(/** @type {string} */ taskRoot) {
  const handlerString = process.env._HANDLER ?? '';
  const lastSlash = handlerString.lastIndexOf('/');
  const name = /^([^.]*)\./.exec(handlerString.slice(lastSlash + 1))?.[1];
  if (name === undefined) return false;
  const base = path.resolve(taskRoot, handlerString.slice(0, lastSlash + 1) + name);
  if (fs.existsSync(`${base}.mjs`)) return !fs.existsSync(`${base}.js`) || isModulePackage(`${base}.js`);
  return fs.existsSync(`${base}.js`) && isModulePackage(`${base}.js`);
}

module.exports = {
  confinement,
  confineCommonJs,
  confineImportsInThread,
  isModulePackage,
  isolate,
  resolveImport,
  resolveSync,
};
