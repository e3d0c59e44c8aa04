import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface AssumeRoleOptions {
  roleArn: string;
  externalId?: string;
  /** Shown in the member account's CloudTrail. */
  sessionName?: string;
  /** Seconds (default 3600, the role's default maximum). */
  durationSeconds?: number;
}

/** Refresh this long before expiry so a long account scan never signs with stale keys. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Credentials for a role assumed with `sts` (a client holding the caller's credentials).
 * Cached and refreshed before they expire; concurrent callers share one AssumeRole call.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  options: AssumeRoleOptions,
): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const duration = options.durationSeconds ?? 3600;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const requestedAt = Date.now();
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? 'opsradar-scan',
        DurationSeconds: duration,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`AssumeRole ${options.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      // Scheduled on the local clock (requested lifetime), not the server's Expiration: immune to clock skew.
      expiration: new Date(requestedAt + duration * 1000),
    };
  };
  return async () => {
    const fresh = current?.expiration
      ? current.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS
      : !!current;
    if (current && fresh) return current;
    pending ??= fetch().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current;
  };
}

export { STSClient };
