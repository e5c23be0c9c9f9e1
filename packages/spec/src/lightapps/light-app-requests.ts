import { z } from 'zod';
import { architectures } from '../agent/node-facts.js';
import { timestamp } from '../api/common.js';
import { versionKinds } from '../apps/create-version-request.js';
import { versionName } from '../apps/version-name.js';
import { cronProblem } from './cron-expression.js';

/** Languages a light app may be written in (domain §8); `c` runs as a native binary. */
export const lightAppLanguages = ['python', 'nodejs', 'c'] as const;
export type LightAppLanguage = (typeof lightAppLanguages)[number];

/** A light app name (domain §8): 4–32 letters, digits and underscores. */
export const lightAppName = z
  .string()
  .min(4, 'must be at least 4 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[A-Za-z0-9_]+$/, 'must be letters, digits and underscores only');

/**
 * `POST /api/v1/lightapps`. A C program is a binary for one CPU, so it names its `arch`;
 * Python and Node.js programs run on any host, so they must not.
 */
export const createLightAppRequest = z
  .strictObject({
    name: lightAppName,
    language: z.enum(lightAppLanguages),
    arch: z.enum(architectures).optional(),
  })
  .superRefine((app, ctx) => {
    if (app.language === 'c' && app.arch === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['arch'],
        message: `is required for a C app: one of ${architectures.join(', ')}`,
      });
    if (app.language !== 'c' && app.arch !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['arch'],
        message: `only a C app names an arch: a ${app.language} program runs on any host`,
      });
  })
  .meta({ example: { name: 'temp_sensor', language: 'c', arch: 'x86_64' } });
export type CreateLightAppRequest = z.infer<typeof createLightAppRequest>;

/** A path inside the package: relative, without `..`, as archives list them. */
export const packagePath = z
  .string()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .refine((p) => !p.startsWith('/') && !p.includes('\\'), 'must be a relative path with "/"')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".."')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

/** An environment variable's name, as POSIX shells and `execve` callers expect it. */
export const envName = z
  .string()
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and "_", not starting with a digit');

/** A literal argument or value: passed as one argv element or env value, never via a shell (R14). */
const literal = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\0'), 'must not contain NUL');

/** `always`: kept running, restarted when it exits; `scheduled`: run to completion at each cron time, runs never overlap. */
export const runMode = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('always') }),
  z.strictObject({
    mode: z.literal('scheduled'),
    schedule: z
      .string()
      .max(200, 'must be at most 200 characters')
      .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
]);
export type RunMode = z.infer<typeof runMode>;

/** `PUT /api/v1/lightapps/{name}/versions/{version}/config`: how the program starts and what it may use. */
export const lightAppConfig = z
  .strictObject({
    entry: packagePath,
    args: z.array(literal(4096)).max(64, 'at most 64 arguments').default([]),
    memoryMi: z.number().int().min(8).max(262_144),
    cpuMillis: z.number().int().min(10).max(256_000),
    env: z
      .record(envName, literal(8192))
      .refine((env) => Object.keys(env).length <= 100, 'at most 100 variables')
      .default({}),
    run: runMode.default({ mode: 'always' }),
  })
  .meta({
    example: {
      entry: 'main.py',
      args: ['--interval', '5'],
      memoryMi: 64,
      cpuMillis: 200,
      env: { SENSOR: 'simulated' },
      run: { mode: 'always' },
    },
  });
export type LightAppConfig = z.infer<typeof lightAppConfig>;

/** What the control plane keeps of an uploaded package. */
export const lightAppPackage = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  format: z.enum(['zip', 'tar.gz']),
  files: z.number().int().min(0).meta({ description: 'Regular files in the package' }),
});
export type LightAppPackage = z.infer<typeof lightAppPackage>;

/** A light app as the API answers it. */
export const lightApp = z.object({
  name: lightAppName,
  language: z.enum(lightAppLanguages),
  arch: z.enum(architectures).nullable(),
  createdAt: timestamp,
  latestVersion: versionName.nullable().meta({ description: 'Newest published version' }),
});
export type LightApp = z.infer<typeof lightApp>;

/** One version of a light app: its package and configuration, null until set. */
export const lightAppVersion = z.object({
  app: lightAppName,
  version: versionName,
  kind: z.enum(versionKinds),
  from: versionName.nullable(),
  state: z.enum(['draft', 'published']),
  package: lightAppPackage.nullable(),
  config: lightAppConfig.nullable(),
  createdAt: timestamp,
  publishedAt: timestamp.nullable(),
});
export type LightAppVersion = z.infer<typeof lightAppVersion>;

/** Path parameters of the light app routes. */
export const lightAppParams = z.strictObject({ lightapp: lightAppName });
export const lightAppVersionParams = z.strictObject({
  lightapp: lightAppName,
  version: versionName,
});
