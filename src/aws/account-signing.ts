/**
 * Signing for clients shared by accounts: each command carries its account (a binding), and the
 * shared client's signer signs the request with that account's credentials.
 */
import type { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  RequestSigningArguments,
} from '@smithy/types';

/** The account a command is sent for: its credentials sign it, its id goes to the hooks. */
export interface Binding {
  id: string;
  accountId: string;
  credentials: AwsCredentialIdentityProvider;
  /** SigV4 signers by `uriEscapePath` (created on first use). */
  signers: Map<boolean, SignatureV4>;
}

export const BINDING = Symbol('opsradar.binding');
/** Carries the binding id from the command to the signer; never signed, never sent. */
export const BINDING_HEADER = 'x-opsradar-binding';
/** Pools whose commands may be in flight, by binding id (a pool leaves on `release`). */
const bindings = new Map<string, Binding>();
let nextBinding = 0;

export function bind(accountId: string, credentials: AwsCredentialIdentityProvider): Binding {
  const binding = { id: String(++nextBinding), accountId, credentials, signers: new Map() };
  bindings.set(binding.id, binding);
  return binding;
}

/** Forgets a binding: its commands can no longer be signed. */
export function unbind(binding: Binding): void {
  bindings.delete(binding.id);
}

/** Shared clients resolve this only because the SDK insists; AccountSigner never signs with it. */
export const unbound: AwsCredentialIdentityProvider = async () => ({
  accessKeyId: 'OPSRADAR-UNBOUND',
  secretAccessKey: 'unbound',
});

/** How the SDK names the signing scope of a request (the endpoint's first auth scheme). */
interface AuthScheme {
  signingName?: string;
  signingRegion?: string;
}

/** The part of an SDK client's resolved config the signer provider reads. */
export interface SigningConfig {
  signingName?: string;
  defaultSigningName?: string;
  serviceId?: string;
  sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'];
  signingEscapePath?: boolean;
}

/**
 * The SDK `signer` of a shared client: the same AccountSigner for every request of a signing
 * scope (the SDK's default builds a signer per request from a copy of the whole client config).
 * Scope as the SDK resolves it: the endpoint's auth scheme, else the client's signing name.
 */
export class SignerProvider {
  /** The client's resolved config, set once the client is built. */
  config: SigningConfig | undefined;
  private readonly signers = new Map<string, AccountSigner>();

  constructor(private readonly region: string) {}

  readonly signer = async (authScheme?: AuthScheme): Promise<AccountSigner> => {
    const config = this.config;
    if (!config) throw new Error('signer used before its client was built');
    const service =
      authScheme?.signingName ?? config.signingName ?? config.defaultSigningName ?? config.serviceId ?? '';
    const region = authScheme?.signingRegion ?? this.region;
    const key = `${service}\u0000${region}`;
    let signer = this.signers.get(key);
    if (!signer) {
      signer = new AccountSigner({
        region,
        service,
        sha256: config.sha256,
        uriEscapePath: config.signingEscapePath ?? true,
      });
      this.signers.set(key, signer);
    }
    return signer;
  };
}

interface SignerParams {
  region: string;
  service: string;
  sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'];
  uriEscapePath: boolean;
}

/** Headers never signed: the binding header (removed before sending). */
const UNSIGNABLE = new Set([BINDING_HEADER]);

/**
 * The signer of shared clients: signs each request with the credentials of the account its
 * command was sent for, found through the binding header.
 */
class AccountSigner {
  constructor(private readonly params: SignerParams) {}

  async sign(request: HttpRequest, options: RequestSigningArguments): Promise<HttpRequest> {
    const id = request.headers[BINDING_HEADER];
    const binding = id === undefined ? undefined : bindings.get(id);
    if (!binding) throw new Error('request sent without an account (use a ClientPool)');
    const escapePath = this.params.uriEscapePath;
    let signer = binding.signers.get(escapePath);
    if (!signer) {
      signer = new SignatureV4({
        credentials: binding.credentials,
        region: this.params.region,
        service: this.params.service,
        sha256: this.params.sha256,
        uriEscapePath: escapePath,
      });
      cacheSigningKeys(signer);
      binding.signers.set(escapePath, signer);
    }
    // The signed copy loses the header; the original keeps it for a retry.
    const extra = options.unsignableHeaders;
    const signed = (await signer.sign(request, {
      ...options,
      signingRegion: options.signingRegion ?? this.params.region,
      signingService: options.signingService ?? this.params.service,
      unsignableHeaders: extra ? new Set([...extra, BINDING_HEADER]) : UNSIGNABLE,
    })) as HttpRequest;
    delete signed.headers[BINDING_HEADER];
    return signed;
  }
}

type DeriveKey = (
  credentials: AwsCredentialIdentity,
  region: string,
  shortDate: string,
  service?: string,
) => Promise<Uint8Array>;

/**
 * Keeps the signing keys one account's signer derives, by day, region and service. The SDK's own
 * cache holds 50 keys for the whole process and hashes the credentials on every lookup; a scan
 * signs for hundreds of scopes at once, so it derived the key (five HMACs) for nearly every
 * request. The key is still SigV4's own, derived by the SDK: only its reuse changes. New
 * credentials (a refreshed role session) start a new cache.
 */
export function cacheSigningKeys(signer: SignatureV4): void {
  const host = signer as unknown as { getSigningKey?: DeriveKey };
  const derive = host.getSigningKey;
  if (typeof derive !== 'function') return;
  let owner: AwsCredentialIdentity | undefined;
  let keys = new Map<string, Promise<Uint8Array>>();
  host.getSigningKey = (credentials, region, shortDate, service) => {
    if (
      owner?.accessKeyId !== credentials.accessKeyId ||
      owner.secretAccessKey !== credentials.secretAccessKey ||
      owner.sessionToken !== credentials.sessionToken
    ) {
      owner = credentials;
      keys = new Map();
    }
    const scope = `${shortDate}\u0000${region}\u0000${service ?? ''}`;
    let key = keys.get(scope);
    if (!key) {
      const own = keys;
      key = derive.call(signer, credentials, region, shortDate, service);
      key.catch(() => own.delete(scope));
      keys.set(scope, key);
    }
    return key;
  };
}
