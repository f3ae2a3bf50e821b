// One JSON line per log entry, as CloudWatch Logs Insights expects. Errors are flattened so their
// message and stack survive JSON.stringify.
type Level = 'debug' | 'info' | 'warn' | 'error';

const quiet = process.env.CTS_LOG_LEVEL === 'silent';

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

function write(level: Level, message: string, data?: Record<string, unknown>): void {
  if (quiet) return;
  const entry: Record<string, unknown> = { level, message, time: new Date().toISOString() };
  for (const [k, v] of Object.entries(data ?? {})) entry[k] = serialise(v);
  (level === 'error' ? console.error : console.log)(JSON.stringify(entry));
}

export const logger = {
  debug: (m: string, d?: Record<string, unknown>) => write('debug', m, d),
  info: (m: string, d?: Record<string, unknown>) => write('info', m, d),
  warn: (m: string, d?: Record<string, unknown>) => write('warn', m, d),
  error: (m: string, d?: Record<string, unknown>) => write('error', m, d),
};
