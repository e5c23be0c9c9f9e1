import { agentCloseCodes, joinRequest, joinResponse, maxAgentMessageBytes } from '@berth/spec';
import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import { handleConnection } from './agent-session.js';
import { joinNode } from './join.js';

/**
 * How long agents get to answer the close before their connections are cut. The close
 * frame is on its way by then (the kernel still delivers it after the cut); waiting for
 * ten thousand answers only delays the restart that every agent is waiting for, and each
 * answered close costs the server more than a cut.
 */
const closeGraceMs = 250;

/**
 * What agents call: the one-time join (HTTP, authenticated by the join token) and the
 * session (a WebSocket, authenticated by the node's key in the protocol itself).
 */
export function agentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    deps.fleet.log = app.log;
    await app.register(websocket, {
      options: { maxPayload: maxAgentMessageBytes, perMessageDeflate: false },
      // On shutdown, tell agents to come back soon rather than "going away". Nothing is
      // awaited here: Fastify stops listening only after this hook, and every agent comes
      // back within half a second; refused by the kernel they cost nothing, answered 503
      // by a closing server ten thousand requests. The server's close waits for the
      // sockets (cut after the grace); the fleet's last reports are written before the
      // database closes (the services' stop awaits the fleet's).
      preClose: async () => {
        deps.fleet
          .stop()
          .catch((error: unknown) => app.log.error({ err: error }, 'could not stop the fleet'));
        const sockets = app.websocketServer.clients;
        // Connections still saying hello have no session yet: they are told too.
        for (const socket of sockets) {
          if (socket.readyState === socket.OPEN)
            socket.close(agentCloseCodes.serverRestart, 'server restarting');
        }
        setTimeout(() => {
          for (const socket of sockets) socket.terminate();
        }, closeGraceMs).unref();
      },
    });

    app.post(
      '/api/v1/agent/join',
      {
        schema: {
          tags: ['agents'],
          summary: 'Join a host as the node its single-use token was issued for',
          body: joinRequest,
          response: { 201: joinResponse },
        },
        config: {
          access: { kind: 'public' },
          action: 'agent.join',
          auditTarget: (request) => `nodes/${(request.body as { node?: string }).node ?? ''}`,
        },
      },
      async (request, reply) => {
        const { accountId: _, ...joined } = await joinNode(deps, request.body);
        return reply.status(201).send(joined);
      },
    );

    app.get(
      '/api/v1/agent',
      {
        websocket: true,
        schema: {
          tags: ['agents'],
          summary: 'The agent session (WebSocket; see the agent protocol)',
          hide: true,
        },
        config: { access: { kind: 'public' } },
      },
      (socket, request) => {
        if (deps.fleet.stopping) {
          socket.close(agentCloseCodes.serverRestart, 'server restarting');
          return;
        }
        handleConnection(socket, request.ip, deps.fleet, deps.fleet.options.helloTimeoutMs);
      },
    );
  };
}
