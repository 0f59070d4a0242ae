import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherTimeouts {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * One agent for every MKA1 call. EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY
 * as self-hosted runners set them; extra CAs come from NODE_EXTRA_CA_CERTS, which Node reads itself.
 * undici's own defaults (300 s for headers and body) are far too long for a CI gate.
 */
export function createDispatcher(timeouts: DispatcherTimeouts): Dispatcher {
  return new EnvHttpProxyAgent({
    connect: { timeout: timeouts.connectTimeoutMs },
    headersTimeout: timeouts.requestTimeoutMs,
    bodyTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: 10_000,
  });
}
