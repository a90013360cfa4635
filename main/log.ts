/**
 * The workbench's log, PHI-free by construction: a line is an event name and a few fields from
 * a fixed list, each with a narrow shape (method names, error codes, counts, durations, flags).
 * Anything else is dropped before it is formatted, so a member's name, id or record text has no
 * way in, whatever a caller passes. Error messages are never logged: only an error's class name.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const IDENT = /^[A-Za-z][A-Za-z0-9._:-]{0,63}$/;

/** The only fields a log line can carry, and what each may look like. */
const FIELDS = {
  method: (v: unknown) => typeof v === 'string' && IDENT.test(v),
  code: (v: unknown) => typeof v === 'string' && /^[a-z-]{1,32}$/.test(v),
  errorName: (v: unknown) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(v),
  ms: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
  count: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  bytes: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  keyring: (v: unknown) => typeof v === 'boolean',
  ok: (v: unknown) => typeof v === 'boolean',
} as const;

export type LogField = keyof typeof FIELDS;
export type LogFields = Partial<Record<LogField, string | number | boolean>>;

export interface Log {
  readonly level: LogLevel;
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
}

/** Keeps only the known fields whose values have the expected shape. */
export function safeFields(fields: Record<string, unknown> = {}): LogFields {
  const out: LogFields = {};
  for (const name of Object.keys(FIELDS) as LogField[]) {
    if (!Object.hasOwn(fields, name)) continue;
    const v = fields[name];
    if (FIELDS[name](v)) out[name] = v as string | number | boolean;
  }
  return out;
}

export function createLog(opts: { level?: LogLevel; sink?: (line: string) => void; now?: () => Date } = {}): Log {
  const level = opts.level ?? 'info';
  const sink = opts.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = opts.now ?? (() => new Date());
  const max = LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel) => (event: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(at) > max) return;
    const name = IDENT.test(event) ? event : 'invalid-event-name';
    sink(JSON.stringify({ t: now().toISOString(), level: at, event: name, ...safeFields(fields as Record<string, unknown>) }));
  };
  return { level, error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/** WORKBENCH_LOG=debug|info|warn|error picks the level; anything else means info. */
export function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const v = env.WORKBENCH_LOG;
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : 'info';
}

export const silentLog: Log = createLog({ level: 'error', sink: () => {} });
