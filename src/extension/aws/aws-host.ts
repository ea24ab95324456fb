/**
 * Where the sidebar's AWS actions go: the profile, region and endpoint from the `ownless.aws.*`
 * settings (else the default chain), and one set of SDK clients per target, reused until it changes.
 * Credentials are looked up by the SDK on the first request; nothing here logs them.
 */
import * as vscode from 'vscode';
import {
  type AwsClients,
  AwsActionError,
  createAwsClients,
  listFunctions,
  resolveRegion,
} from '../../lambda/aws';
import type { AwsTarget, DeployedFunction } from '../sidebar/aws-group';

/** Shown in the tree's group label when no region is configured (actions then explain how to set one). */
export const NO_REGION = 'no region';

export class AwsHost implements vscode.Disposable {
  private cached: { key: string; clients: AwsClients } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the target changes (a setting or the profile picker). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('ownless.aws')) return;
      this.dropClients();
      this.changed.fire();
    });
  }

  private settings(): { profile?: string; region?: string; endpointUrl?: string } {
    const config = vscode.workspace.getConfiguration('ownless.aws');
    const value = (key: string) => config.get<string | null>(key)?.trim() || undefined;
    return { profile: value('profile'), region: value('region'), endpointUrl: value('endpointUrl') };
  }

  target(): AwsTarget {
    const settings = this.settings();
    const profile = settings.profile ?? (process.env.AWS_PROFILE || undefined);
    return {
      profile,
      region: resolveRegion(settings)?.region ?? NO_REGION,
      endpointUrl: settings.endpointUrl,
    };
  }

  /** The clients of the current target; throws an AwsActionError (with a next step) when it has no region. */
  clients(): AwsClients {
    const settings = this.settings();
    const key = JSON.stringify(settings);
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
    this.subscription.dispose();
    this.changed.dispose();
  }
}
