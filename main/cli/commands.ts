/** Every CLI command, in the order `help` lists them. Add a command by adding its module here. */
import type { CliCommand } from './command';
import { casesList } from './cases-list';

export const commands: CliCommand[] = [casesList];
