import {
  account,
  accountParams,
  containerPolicy,
  createAccountRequest,
  member,
  memberParams,
  page,
  pageQuery,
  setContainerPolicyRequest,
  setMemberRequest,
} from '@berth/spec';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { principalOf, scopeOf } from '../http/route-config.js';
import { getAccount, listAccounts, listMembers } from './account-queries.js';
import { getContainerPolicy, setContainerPolicy } from './container-policy.js';
import { createAccount } from './create-account.js';
import { removeMember, setMember } from './members.js';

export function accountRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/accounts',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create an account (platform administrators)',
          body: createAccountRequest,
          response: { 201: account },
        },
        config: {
          access: { kind: 'platform', permission: 'platform.accounts.manage' },
          action: 'accounts.create',
          auditTarget: (request) => `accounts/${(request.body as { name?: string }).name ?? ''}`,
        },
      },
      async (request, reply) => reply.status(201).send(await createAccount(deps, request.body)),
    );

    app.get(
      '/api/v1/accounts',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Accounts you belong to (all of them, for platform administrators)',
          querystring: pageQuery,
          response: { 200: page(account) },
        },
        config: { access: { kind: 'user' } },
      },
      async (request) => listAccounts(deps, principalOf(request), request.query),
    );

    app.get(
      '/api/v1/accounts/:account',
      {
        schema: {
          tags: ['accounts'],
          summary: 'One account',
          params: accountParams,
          response: { 200: account },
        },
        config: { access: { kind: 'account-param', permission: 'account.read' } },
      },
      async (request) => getAccount(deps, scopeOf(request).tenant),
    );

    // R15. Platform routes: the account is named by the path but not acted in, so the
    // audit row lands in the platform account and an unknown name answers 404.
    app.get(
      '/api/v1/accounts/:account/container-policy',
      {
        schema: {
          tags: ['accounts'],
          summary:
            'What the account’s containers may do beyond the defaults (platform administrators)',
          description:
            'Privileged containers, the host’s PID namespace, added Linux capabilities, host devices and host paths (bind mounts) are refused for every node of every deployment unless this policy allows them. The default allows nothing. Host network is not governed by it.',
          params: accountParams,
          response: { 200: containerPolicy },
        },
        config: { access: { kind: 'platform', permission: 'platform.accounts.manage' } },
      },
      async (request) => getContainerPolicy(deps, request.params.account),
    );

    app.put(
      '/api/v1/accounts/:account/container-policy',
      {
        schema: {
          tags: ['accounts'],
          summary:
            'Set what the account’s containers may do beyond the defaults (platform administrators)',
          description:
            'Replaces the policy. Capabilities and paths are accepted in any spelling (`cap_net_admin`, `/dev//serial/`) and stored canonical; relative paths and unknown capabilities are refused. A path entry allows itself and what lies below it, segment by segment: `/dev/serial` allows `/dev/serial/by-id/x` but not `/dev/serial1`. Checked at every deploy, upgrade, rollback (automatic ones included), start and scale; running containers are not touched. A refused deployment answers 403 `container_policy` with `errors[].path` naming the node field.',
          params: accountParams,
          body: setContainerPolicyRequest,
          response: { 200: containerPolicy },
        },
        config: {
          access: { kind: 'platform', permission: 'platform.accounts.manage' },
          action: 'accounts.container-policy.set',
        },
      },
      async (request) => setContainerPolicy(deps, request.params.account, request.body),
    );

    app.get(
      '/api/v1/accounts/:account/members',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Members of an account and their roles',
          params: accountParams,
          querystring: pageQuery,
          response: { 200: page(member) },
        },
        config: { access: { kind: 'account-param', permission: 'account.read' } },
      },
      async (request) => listMembers(scopeOf(request).tenant, request.query),
    );

    app.put(
      '/api/v1/accounts/:account/members/:username',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Add a user to an account, or change their role',
          params: memberParams,
          body: setMemberRequest,
          response: { 200: member },
        },
        config: {
          access: { kind: 'account-param', permission: 'members.manage' },
          action: 'members.set',
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        const caller = { userId: principalOf(request).userId, role: scope.role };
        return setMember(deps, scope.tenant, caller, request.params.username, request.body.role);
      },
    );

    app.delete(
      '/api/v1/accounts/:account/members/:username',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Remove a user from an account',
          params: memberParams,
          response: { 204: z.null() },
        },
        config: {
          access: { kind: 'account-param', permission: 'members.manage' },
          action: 'members.remove',
        },
      },
      async (request, reply) => {
        const scope = scopeOf(request);
        const caller = { userId: principalOf(request).userId, role: scope.role };
        await removeMember(deps, scope.tenant, caller, request.params.username);
        return reply.status(204).send(null);
      },
    );
  };
}
