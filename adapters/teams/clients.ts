import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Base = ConfigurationBotFrameworkAuthentication;
type AuthenticateRequestResult = Awaited<ReturnType<Base['authenticateRequest']>>;
type ClaimsIdentity = Parameters<Base['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Base['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<Base['createUserTokenClient']>>;

/** Distinct (bot, serviceUrl, audience) clients kept; Teams uses one serviceUrl per region or tenant. */
export const MAX_CACHED_CLIENTS = 256;

/**
 * A small bounded map of client promises. A failed creation is forgotten so
 * the next activity tries again instead of inheriting the error.
 */
class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const created = create();
    created.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, created);
    return created;
  }
}

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient (credentials plus a
 * whole HTTP pipeline of policies) and a UserTokenClient for every incoming
 * activity, which under load cost about as much as composing the answer.
 * Neither holds per-request state (the keep-alive HTTP agent is shared
 * process-wide and tokens are cached by appId and scope in AppCredentials,
 * refreshed when they expire), so this keeps one per bot appId, serviceUrl
 * and audience. Authentication is untouched: the base class still validates
 * every request.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>(MAX_CACHED_CLIENTS);
  private readonly userTokens = new ClientCache<UserTokenClient>(MAX_CACHED_CLIENTS);

  override async authenticateRequest(
    ...args: Parameters<Base['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(...args);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.connectors.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
    };
  }
}

/**
 * The bot appId botbuilder builds clients for: the token's audience from a
 * channel, its appid claim from the Emulator, none when anonymous.
 */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
}
