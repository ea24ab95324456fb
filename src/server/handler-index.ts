/**
 * Which handler files the workspace's templates link to, and the functions that own each: kept per
 * template from its latest analysis, so that a handler file is diagnosed for its functions (and gets
 * their lenses) whether the template is open or not.
 */
import { handlerFiles, type HandlerLink, type HandlerOwner } from '../core';

function sameOwners(a: readonly HandlerOwner[] | undefined, b: readonly HandlerOwner[] | undefined): boolean {
  if (!a || !b) return (a?.length ?? 0) === (b?.length ?? 0);
  return (
    a.length === b.length &&
    a.every(
      (o, i) =>
        o.template === b[i].template && o.functionId === b[i].functionId && o.exportName === b[i].exportName,
    )
  );
}

export class HandlerIndex {
  /** Template URI → handler file → that template's functions in it. */
  private readonly byTemplate = new Map<string, Map<string, HandlerOwner[]>>();
  /** Handler file → every owner, in template order. */
  private readonly byFile = new Map<string, HandlerOwner[]>();

  /**
   * Records a template's links (null: the template is gone or is no template). Returns the handler
   * files whose owners changed: they are to be analysed again.
   */
  update(templateUri: string, links: readonly HandlerLink[] | null): string[] {
    const next = links ? handlerFiles([{ template: templateUri, links }]) : new Map<string, HandlerOwner[]>();
    const before = this.byTemplate.get(templateUri) ?? new Map<string, HandlerOwner[]>();
    const changed: string[] = [];
    for (const file of new Set([...before.keys(), ...next.keys()]))
      if (!sameOwners(before.get(file), next.get(file))) changed.push(file);
    if (next.size) this.byTemplate.set(templateUri, next);
    else this.byTemplate.delete(templateUri);
    for (const file of changed) {
      const owners: HandlerOwner[] = [];
      for (const files of this.byTemplate.values()) owners.push(...(files.get(file) ?? []));
      if (owners.length) this.byFile.set(file, owners);
      else this.byFile.delete(file);
    }
    return changed;
  }

  /** The functions whose handler a file holds (none when no template links it). */
  owners(path: string): HandlerOwner[] {
    return this.byFile.get(path.replace(/\\/g, '/')) ?? [];
  }

  /** Every linked handler file. */
  files(): string[] {
    return [...this.byFile.keys()];
  }

  /** The templates that link a file. */
  templatesOf(path: string): string[] {
    return [...new Set(this.owners(path).map((o) => o.template))];
  }
}
