/** `--rules <dir>` picks another rules folder (tests, or staff checking a draft); default: the app's rules/. */
import path from 'node:path';
import { takeOption, type CliContext } from './command';

export function takeRulesDir(args: string[], ctx: CliContext): { rulesDir: string; rest: string[] } {
  const { rest, value } = takeOption(args, '--rules');
  return { rulesDir: value ? path.resolve(value) : path.join(ctx.appRoot, 'rules'), rest };
}
