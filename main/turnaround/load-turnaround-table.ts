/** Reads and validates rules/turnaround.json; an invalid file is an error naming the file, path and reason. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { TurnaroundTable } from '../../shared/turnaround/turnaround-table';

export function turnaroundTablePath(appRoot: string): string {
  return path.join(appRoot, 'rules', 'turnaround.json');
}

export async function loadTurnaroundTable(appRoot: string): Promise<TurnaroundTable> {
  const file = turnaroundTablePath(appRoot);
  const parsed = TurnaroundTable.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is invalid:\n${describeZodError(parsed.error).join('\n')}`);
  return parsed.data;
}
