/** `--rules <dir>` picks another rules folder (tests, or staff checking a draft); default: the app's rules/. */
import path from 'node:path';
import { CliUsageError, type CliContext } from './command';

export function takeRulesDir(args: string[], ctx: CliContext): { rulesDir: string; rest: string[] } {
  const i = args.indexOf('--rules');
  if (i < 0) return { rulesDir: path.join(ctx.appRoot, 'rules'), rest: args };
  const dir = args[i + 1];
  if (!dir) throw new CliUsageError('--rules needs a folder');
  return { rulesDir: path.resolve(dir), rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}
