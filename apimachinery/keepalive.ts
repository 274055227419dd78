// API clients that reuse connections. client-node's KubeConfig builds a new http(s).Agent for every
// request (applySecurityAuthentication → createAgent), so every call opens a fresh TCP (and TLS)
// connection and leaves the old one idle; at thousands of binds per second that costs both ends.
// This wraps the KubeConfig's authentication and swaps in one keep-alive agent per client.
import http from 'node:http';
import https from 'node:https';
import {
  createConfiguration, ServerConfiguration,
  type ApiConstructor, type ApiType, type KubeConfig, type RequestContext, type SecurityAuthentication,
} from '@kubernetes/client-node';

/** The same client kc.makeApiClient(Api) makes, but with one shared keep-alive agent. */
export function keepAliveApiClient<T extends ApiType>(kc: KubeConfig, Api: ApiConstructor<T>): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  let shared: http.Agent | undefined;
  const auth: SecurityAuthentication = {
    getName: () => 'kubeconfig authentication (keep-alive)',
    async applySecurityAuthentication(ctx: RequestContext): Promise<void> {
      await kc.applySecurityAuthentication(ctx);
      const made = ctx.getAgent();
      if (!shared) {
        // Same options (CA, client certificate, …) as client-node's agent, plus keep-alive. A proxy
        // agent (neither plain http nor https) is left as client-node made it.
        if (made instanceof https.Agent) shared = new https.Agent({ ...made.options, keepAlive: true });
        else if (made instanceof http.Agent && made.constructor === http.Agent) shared = new http.Agent({ ...(made as http.Agent & { options: http.AgentOptions }).options, keepAlive: true });
        else return;
      }
      ctx.setAgent(shared);
    },
  };
  return new Api(createConfiguration({ baseServer: new ServerConfiguration(cluster.server, {}), authMethods: { default: auth } }));
}
