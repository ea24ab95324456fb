/**
 * Where the sidebar's AWS actions go: the profile, region and endpoint from the `ownless.aws.*`
 * settings (else the default chain), resolved once and kept until a setting or a shared config or
 * credentials file changes (target-cache.ts), and one set of SDK clients per target, reused until it
 * changes. Credentials are looked up by the SDK on the first request; nothing here logs them.
 */
import * as vscode from 'vscode';
import { type AwsClients, AwsActionError, createAwsClients, listFunctions } from '../../lambda/aws';
import type { AwsTarget, DeployedFunction } from '../sidebar/aws-group';
import { type AwsSettings, TargetCache } from './target-cache';

export class AwsHost implements vscode.Disposable {
  private cached: { key: string; clients: AwsClients } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the target may have changed (a setting, the profile picker, a shared file). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly targets: TargetCache;

  constructor() {
    this.targets = new TargetCache(() => {
      // The region or the credentials may differ now: the next action gets new clients. Those of an
      // action under way (an invoke may last 15 minutes) are left to finish, not destroyed.
      this.cached = undefined;
      this.changed.fire();
    });
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('ownless.aws')) return;
      this.targets.invalidate();
      this.dropClients();
      this.changed.fire();
    });
  }

  private settings(): AwsSettings {
    const config = vscode.workspace.getConfiguration('ownless.aws');
    const value = (key: string) => config.get<string | null>(key)?.trim() || undefined;
    return { profile: value('profile'), region: value('region'), endpointUrl: value('endpointUrl') };
  }

  /** The current target (cached: the tree asks on every render). */
  target(): AwsTarget {
    return this.targets.get(this.settings());
  }

  /** The clients of the current target; throws an AwsActionError (with a next step) when it has no region. */
  clients(): AwsClients {
    const settings = this.settings();
    // With the target, so that the clients go where the tree says, whatever changed the region.
    const key = JSON.stringify([settings, this.target()]);
    if (this.cached?.key === key) return this.cached.clients;
    this.dropClients();
    try {
      const clients = createAwsClients(settings);
      this.cached = { key, clients };
      return clients;
    } catch (e) {
      if (e instanceof AwsActionError && e.code === 'NoRegion')
        throw new AwsActionError(
          e.message,
          'Choose a region with "Ownless: Choose AWS profile and region" or the ownless.aws.region setting.',
          { code: e.code },
        );
      throw e;
    }
  }

  async listDeployed(): Promise<DeployedFunction[]> {
    const listing = await listFunctions(this.clients());
    return listing.functions.map((f) => ({ name: f.name, runtime: f.runtime, lastModified: f.lastModified }));
  }

  private dropClients(): void {
    this.cached?.clients.destroy();
    this.cached = undefined;
  }

  dispose(): void {
    this.dropClients();
    this.targets.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
