/** unit/no-monolith: one function serving a whole API through a greedy route or a web adapter. */
import { asSeq, get } from '../../parse/ast';
import { asString, resolve } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, nodeSpan, settingReport, settings } from '../helpers';

/** The AWS Lambda Web Adapter layer (runs a web framework inside one function). */
const WEB_ADAPTER_LAYER = /LambdaAdapterLayer/i;

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
    const params = context.model.parameters;
    for (const fn of context.model.functions) {
      for (const event of fn.events) {
        if (event.type !== 'Api' && event.type !== 'HttpApi') continue;
        const pathNode = get(event.properties, 'Path');
        const methodNode = get(event.properties, 'Method');
        const path = pathNode ? asString(resolve(pathNode, params)) : undefined;
        const method = methodNode ? asString(resolve(methodNode, params)) : undefined;
        const catchAll = event.type === 'HttpApi' && !pathNode && !methodNode; // the $default route
        const greedy = path?.includes('{proxy+}') || (path !== undefined && /\{[^}]+\+\}/.test(path));
        const anyMethod = method?.toLowerCase() === 'any';
        if (!catchAll && !(greedy && (anyMethod || path === '/{proxy+}'))) continue;
        const route = catchAll ? 'the $default route' : `${(method ?? 'ANY').toUpperCase()} ${path}`;
        context.report({
          messageId: 'greedy',
          data: { function: fn.id, route },
          ...nodeSpan(pathNode ?? event.pair.key),
          functions: [fn.id],
        });
      }
    }
    // Layers are grouped by where they are written, so a Globals layer gives one finding naming every function.
    for (const setting of settings(context.model, 'Layers')) {
      for (const layer of asSeq(setting.pair.value)?.items ?? []) {
        const text =
          context.model.doc.text.slice(layer.start, layer.end) + (asString(resolve(layer, params)) ?? '');
        if (!WEB_ADAPTER_LAYER.test(text)) continue;
        const data = { function: describeFunctions(setting.functions) };
        context.report({
          ...settingReport(setting, setting.functions, { messageId: 'adapter', data }),
          ...nodeSpan(layer),
        });
      }
    }
  },
};
