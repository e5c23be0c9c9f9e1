import { parseDocument } from 'yaml';
import { readInputFile } from './app-file/read-input-file.js';
import { CliError } from './cli-error.js';
import { exitCodes } from './exit-codes.js';

/** A parameter value, as the deploy request takes it. */
export type ParamValue = string | number | boolean;

/** Where `berth deploy` takes parameter values from, as commander parsed the flags. */
export interface ParamFlags {
  /** `--param key=value`, repeatable. */
  param?: string[] | undefined;
  /** `--param-file FILE`, repeatable; `-` is standard input. */
  paramFile?: string[] | undefined;
  /** `--param-stdin NAME`: the value of NAME is standard input. */
  paramStdin?: string | undefined;
}

const numberPattern = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * The value of `--param key=VALUE`: `true` and `false` become booleans, a number written
 * as JSON writes it (`8080`, `-1.5`, `2e3`) becomes a number, and anything else stays a
 * string. A value in matching double or single quotes stays the string between them
 * (`'"007"'`, `"'true'"`), for strings that look like a number or a boolean. A number
 * that cannot be held exactly (beyond 2^53, or infinite) stays a string.
 */
export function parseParamValue(raw: string): ParamValue {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.at(-1) === raw[0]) {
    return raw.slice(1, -1);
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (numberPattern.test(raw)) {
    const n = Number(raw);
    const exact = Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n));
    if (exact && !Object.is(n, -0)) return n;
  }
  return raw;
}

/**
 * Splits `key=value` at the first `=` (the value may hold more) and parses the value.
 * @throws CliError (usage, 2) when there is no `=` or the key is empty.
 */
export function parseParamFlag(flag: string): [string, ParamValue] {
  const at = flag.indexOf('=');
  if (at <= 0) {
    throw new CliError(
      `--param "${flag}" is not key=value (e.g. --param site=north)`,
      exitCodes.usage,
      'bad_param',
    );
  }
  return [flag.slice(0, at), parseParamValue(flag.slice(at + 1))];
}

/**
 * Reads a parameter file: a YAML or JSON map of names to strings, numbers or booleans.
 * Values keep their YAML/JSON types (quote a string that looks like a number).
 * @throws CliError (invalid input, 7) naming the file and each offending key.
 */
export function parseParamFile(name: string, text: string): Record<string, ParamValue> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!.message.split('\n')[0];
    throw invalidFile(`${name} is not valid YAML or JSON: ${first}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw invalidFile(`${name} must be a map of parameter names to values (name: value)`);
  }
  const problems = Object.entries(data)
    .filter(([, v]) => !['string', 'number', 'boolean'].includes(typeof v))
    .map(([key]) => `"${key}"`);
  if (problems.length > 0) {
    throw invalidFile(
      `${name}: the value of ${problems.join(', ')} must be a string, a number or a boolean`,
    );
  }
  return data as Record<string, ParamValue>;
}

/**
 * The parameters of a deployment from every source, later ones winning: each
 * `--param-file` in order, then `--param-stdin`, then each `--param`. Undefined when no
 * flag gave any. Standard input can be read only once.
 * @throws CliError: usage (2) for a bad flag or stdin asked for twice; invalid input (7)
 *   for a bad file; not found (5) for a missing one.
 */
export async function collectParams(
  flags: ParamFlags,
  readStdin: () => Promise<string>,
): Promise<Record<string, ParamValue> | undefined> {
  const files = flags.paramFile ?? [];
  if (flags.paramStdin !== undefined && files.includes('-')) {
    throw new CliError(
      'Standard input can feed --param-stdin or --param-file -, not both',
      exitCodes.usage,
      'stdin_twice',
    );
  }
  const params: Record<string, ParamValue> = {};
  for (const file of files) {
    const { name, text } = await readInputFile(file, readStdin);
    Object.assign(params, parseParamFile(name, text));
  }
  if (flags.paramStdin !== undefined) {
    params[flags.paramStdin] = await stdinValue(flags.paramStdin, readStdin);
  }
  for (const flag of flags.param ?? []) {
    const [key, value] = parseParamFlag(flag);
    params[key] = value;
  }
  const given =
    files.length > 0 || flags.paramStdin !== undefined || (flags.param?.length ?? 0) > 0;
  return given ? params : undefined;
}

/** Standard input without its final line ending, as a string (never a number). */
async function stdinValue(name: string, readStdin: () => Promise<string>): Promise<string> {
  const value = (await readStdin()).replace(/\r?\n$/, '');
  if (value === '') {
    throw new CliError(
      `--param-stdin ${name}: standard input is empty`,
      exitCodes.usage,
      'stdin_empty',
    );
  }
  return value;
}

function invalidFile(message: string): CliError {
  return new CliError(message, exitCodes.invalidInput, 'invalid_param_file');
}
