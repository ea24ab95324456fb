/** unit/no-monolith: one function serving a whole API through a greedy route or a web adapter. */
import type { Route } from '../../model/types';
import type { Rule } from '../types';
import { describeFunctions, settingReport } from '../helpers';

/** A greedy path part or route: `{proxy+}` or any `{name+}`. */
const GREEDY = /\{[^}]+\+\}/;

/** The AWS Lambda Web Adapter layer (runs a web framework inside one function). */
const WEB_ADAPTER_LAYER = /LambdaAdapterLayer/i;

/** How a message names a route that takes every request (or everything under a path); undefined for others. */
function catchAll(route: Route): string | undefined {
  if (route.defaultRoute) return 'the $default route';
  const { method, path } = route;
  const greedy = path !== undefined && GREEDY.test(path);
  const anyMethod = method?.toUpperCase() === 'ANY';
  if (!(greedy && (anyMethod || path === '/{proxy+}'))) return undefined;
  return `${(method ?? 'ANY').toUpperCase()} ${path}`;
}

export const noMonolith: Rule = {
  meta: {
    id: 'unit/no-monolith',
    tenet: 'unit',
    description:
      'Flags a function behind a greedy {proxy+} or ANY route, or running a web framework through the Lambda Web Adapter.',
    why: 'Functions are the unit of deployment and scaling. One function behind every route deploys, scales, times out and is permitted as one: a web server in a function.',
    alternative:
      'One function per route or per cohesive group of routes, each with its own memory, timeout and least-privilege role.',
    justified:
      'Migrating an existing web application as a first step, or a small service where one deployable is simpler; revisit as it grows.',
    severity: { recommended: 'info', strict: 'warning', relaxed: 'off' },
    fixable: 'none',
    messages: {
      greedy:
        '{{function}} serves every request under {{route}}: the whole API deploys and scales as one function.',
      adapter:
        'The Lambda Web Adapter layer runs a web framework inside {{function}}: a web server in a function.',
    },
  },
  check(context) {
    for (const fn of context.model.functions) {
      for (const route of fn.routes) {
        const label = catchAll(route);
        if (label === undefined) continue;
        context.report({
          messageId: 'greedy',
          data: { function: fn.id, route: label },
          ...route.span,
          functions: [fn.id],
        });
      }
    }
    // Layers are grouped by where they are written, so a Globals layer gives one finding naming every function.
    for (const setting of context.model.settings('layers')) {
      for (const span of setting.site.itemsMatching(WEB_ADAPTER_LAYER)) {
        const data = { function: describeFunctions(setting.functions) };
        context.report({
          ...settingReport(setting.site, setting.functions, { messageId: 'adapter', data }),
          ...span,
        });
      }
    }
  },
};
