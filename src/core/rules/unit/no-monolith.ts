/** unit/no-monolith: one function serving a whole API through a greedy route or a web adapter. */
import { type Node, asSeq, get } from '../../parse/ast';
import { asString, referencedIds, resolve } from '../../formats/cloudformation/values';
import type { Rule, RuleContext } from '../types';
import { describeFunctions, nodeSpan, settingReport, settings } from '../helpers';

/** A greedy path part or route: `{proxy+}` or any `{name+}`. */
const GREEDY = /\{[^}]+\+\}/;

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
    checkApiResources(context);
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

/**
 * Greedy routes written as plain CloudFormation: an HTTP API route (`$default`, `ANY /{proxy+}`)
 * whose integration invokes a function, or a REST API `ANY` method on a `{proxy+}` resource.
 */
function checkApiResources(context: RuleContext): void {
  const { model } = context;
  const functionIds = new Set(model.functions.map((f) => f.id));
  const functionsIn = (node: Node | undefined) =>
    [...referencedIds(node)].filter((id) => functionIds.has(id));
  const literal = (node: Node | undefined) => (node ? asString(resolve(node, model.parameters)) : undefined);
  for (const resource of model.resources.values()) {
    const props = resource.properties;
    let route: string | undefined;
    let at: Node | undefined;
    let targets: string[] = [];
    if (resource.type === 'AWS::ApiGatewayV2::Route') {
      at = get(props, 'RouteKey');
      const key = literal(at);
      // The same test as for SAM events: a greedy path with ANY, or /{proxy+} with any method.
      const [method, path] = key?.split(' ') ?? [];
      const greedy = path !== undefined && GREEDY.test(path) && (method === 'ANY' || path === '/{proxy+}');
      if (key === undefined || !(key === '$default' || greedy)) continue;
      route = key === '$default' ? 'the $default route' : key;
      for (const id of referencedIds(get(props, 'Target'))) {
        const integration = model.resources.get(id);
        if (integration?.type === 'AWS::ApiGatewayV2::Integration')
          targets.push(...functionsIn(get(integration.properties, 'IntegrationUri')));
      }
    } else if (resource.type === 'AWS::ApiGateway::Method') {
      at = get(props, 'HttpMethod');
      if (literal(at)?.toUpperCase() !== 'ANY') continue;
      const parent = [...referencedIds(get(props, 'ResourceId'))]
        .map((id) => model.resources.get(id))
        .find((r) => r?.type === 'AWS::ApiGateway::Resource');
      const part = literal(get(parent?.properties, 'PathPart'));
      if (!part || !GREEDY.test(part)) continue;
      route = `ANY …/${part}`;
      targets = functionsIn(get(get(props, 'Integration'), 'Uri'));
    }
    if (!route || !at || targets.length === 0) continue;
    for (const id of new Set(targets)) {
      context.report({
        messageId: 'greedy',
        data: { function: id, route },
        ...nodeSpan(at),
        functions: [id],
      });
    }
  }
}
