/**
 * A function's construct path (`OrdersStack/Worker`), as far as it is known without running the app:
 * its scope argument is followed to the construct it names (`this` in a stack class, a `new
 * cdk.Stack(app, 'S')`, a construct class of the file instantiated once), up to the app; a stack
 * class instantiated in the app's entry file takes the id it is given there. Undefined where the
 * path depends on what the file does not say (a scope passed in, a class instantiated twice).
 */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { type Origin, originOf } from '../../code/resolve';
import { constantValue } from '../../code/values';
import { keepShape } from '../../keep-shape';
import { cdkName } from './cdk-names';

/** What the app's entry file says of the stack classes of the analysed file: their ids, by class name. */
export type StackIds = ReadonlyMap<string, string>;

const MAX_DEPTH = 10;

export class ConstructPaths {
  private readonly classPaths = new Map<string, string | undefined>();
  private classNodes: Map<string, CodeNode> | undefined;

  constructor(
    private readonly model: CodeModel,
    private readonly stackIds: StackIds,
  ) {}

  /** The path of a construct made by `call` (`new X(scope, 'Id', …)`), or undefined. */
  pathOfNew(call: CodeNode, depth = 0): string | undefined {
    const args = constructorArgs(call);
    const id = constantValue(this.model, args[1]);
    if (typeof id !== 'string' || depth > MAX_DEPTH) return undefined;
    const parent = this.pathOfScope(args[0], depth + 1);
    if (parent === undefined) return undefined;
    return parent ? `${parent}/${id}` : id;
  }

  /** The path of the construct a scope argument names ('' for the app). */
  pathOfScope(scope: CodeNode | undefined, depth = 0): string | undefined {
    if (!scope || depth > MAX_DEPTH) return undefined;
    return this.pathOfOrigin(originOf(this.model, scope), depth);
  }

  /**
   * The path of the stack a scope lies in (what `Stack.of(scope)` returns): for constructs the CDK
   * makes at the stack's level, such as a SingletonFunction's function.
   */
  stackPathOfScope(scope: CodeNode | undefined, depth = 0): string | undefined {
    if (!scope || depth > MAX_DEPTH) return undefined;
    const origin = originOf(this.model, scope);
    if (origin.kind === 'self') {
      if (this.extendsStack(origin.className)) return this.classPath(origin.className, depth);
      const made = this.singleInstantiation(origin.className);
      return made && this.stackPathOfScope(constructorArgs(made)[0], depth + 1);
    }
    if (origin.kind === 'new' || origin.kind === 'call') {
      const type = cdkName(this.model, calleeOf(origin.node));
      if (type === 'core.Stack') return this.pathOfNew(origin.node, depth);
      const className = calleeOf(origin.node)?.text;
      if (className && this.extendsStack(className)) return this.pathOfNew(origin.node, depth);
      return this.stackPathOfScope(constructorArgs(origin.node)[0], depth + 1);
    }
    return undefined;
  }

  private pathOfOrigin(origin: Origin, depth: number): string | undefined {
    if (origin.kind === 'self') return this.classPath(origin.className, depth);
    if (origin.kind === 'new' || origin.kind === 'call') {
      const type = cdkName(this.model, calleeOf(origin.node));
      if (type === 'core.App') return '';
      return this.pathOfNew(origin.node, depth + 1);
    }
    return undefined;
  }

  /** The path of the instances of a class of the file: the one instance it makes, or the app's stack id. */
  private classPath(className: string, depth: number): string | undefined {
    if (this.classPaths.has(className)) return this.classPaths.get(className);
    this.classPaths.set(className, undefined); // a cycle reads as unknown
    const made = this.singleInstantiation(className);
    const path = made ? this.pathOfNew(made, depth + 1) : this.stackIds.get(className);
    this.classPaths.set(className, path);
    return path;
  }

  /** The one place the file instantiates a class (undefined when none, or several: the path is then ambiguous). */
  private singleInstantiation(className: string): CodeNode | undefined {
    let found: CodeNode | undefined;
    for (const call of this.model.calls) {
      if (this.model.family === 'node' && !call.isNew) continue;
      const callee = unwrap(call.callee);
      if (callee?.type !== 'identifier' || callee.text !== className) continue;
      if (found) return undefined;
      found = call.node;
    }
    return found;
  }

  /** True when a class of the file extends `Stack` (directly or through another class of the file). */
  private extendsStack(className: string, depth = 0): boolean {
    const base = this.baseOf(className);
    if (!base || depth > MAX_DEPTH) return false;
    if (cdkName(this.model, base) === 'core.Stack') return true;
    return base.type === 'identifier' && this.extendsStack(base.text, depth + 1);
  }

  private baseOf(className: string): CodeNode | undefined {
    if (!this.classNodes) {
      this.classNodes = new Map();
      const nodes = this.classNodes;
      this.model.root.walk((node) => {
        if (node.type === 'class_declaration' || node.type === 'class_definition') {
          const name = node.field('name')?.text;
          if (name && !nodes.has(name)) nodes.set(name, node);
        }
        return node.type !== 'function_definition' && node.type !== 'method_definition';
      });
    }
    const node = this.classNodes.get(className);
    if (!node) return undefined;
    if (node.type === 'class_definition') return node.field('superclasses')?.items[0];
    const heritage = node.childOfType('class_heritage');
    const extendsClause = heritage?.childOfType('extends_clause');
    return extendsClause?.field('value') ?? extendsClause?.items[0];
  }
}

keepShape(new ConstructPaths({} as never, new Map()));

function calleeOf(call: CodeNode): CodeNode | undefined {
  return call.field(call.type === 'new_expression' ? 'constructor' : 'function');
}

/** A constructor call's positional arguments (Python keyword arguments left out). */
export function constructorArgs(call: CodeNode): CodeNode[] {
  const items = call.field('arguments')?.items ?? [];
  return items.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
}

/** `lambdaPurpose + slugify(uuid)`: the id SingletonFunction gives the function it makes at the stack's level. */
export function singletonId(uuid: string, purpose: string | undefined): string {
  return `${purpose ?? 'SingletonLambda'}${uuid.replace(/[^a-zA-Z0-9]/g, '')}`;
}
