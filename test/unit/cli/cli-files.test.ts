/**
 * The CLI and the files it is given: a data folder that does not exist is an error (a typo must not
 * become a new, empty store) unless --init; file problems are sentences naming the file, never raw
 * errno text; JSON inputs and key files written with a UTF-8 byte order mark are read.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { describeFileError } from '../../../main/cli/file-errors';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const DEMO = path.join(ROOT, 'resources', 'demo', 'case.json');
const BOM = '\uFEFF';
let dir = '';
let keyFile = '';

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-cli-files-'));
  keyFile = path.join(dir, 'pass.txt');
  await fs.writeFile(keyFile, 'cli files passphrase\n');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const RAW_ERRNO = /\b(ENOENT|ENOTDIR|EISDIR|EACCES):/;

describe('the data folder', () => {
  it('is an error when it does not exist, and is not created', async () => {
    const typo = path.join(dir, 'wrokbench');
    const r = await cli('cases', 'list', '--data', typo, '--key-file', keyFile);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`There is no data folder at ${typo}. Check the path (from --data or WORKBENCH_DATA); to start a new, empty store there, add --init.`]);
    await expect(fs.access(typo)).rejects.toThrow();
    // Also for a command that only reads from it when it is there, once it is named.
    expect((await cli('evaluate', DEMO, '--data', typo)).err[0]).toMatch(/^There is no data folder at /);
  });

  it('is made with --init, and used as it is afterwards', async () => {
    const fresh = path.join(dir, 'fresh');
    const first = await cli('cases', 'list', '--data', fresh, '--key-file', keyFile, '--init');
    expect(first).toMatchObject({ code: 0, out: [`Created a new, empty data folder at ${fresh}.`, `No cases in ${fresh}.`] });
    const again = await cli('cases', 'list', '--data', fresh, '--key-file', keyFile);
    expect(again).toMatchObject({ code: 0, out: [`No cases in ${fresh}.`] });
  });

  it('says so when --data names a file', async () => {
    const r = await cli('cases', 'list', '--data', keyFile, '--key-file', keyFile);
    expect(r).toMatchObject({ code: 1, err: [`The data folder ${keyFile} is a file, not a folder. Give --data the folder the workbench keeps its cases in.`] });
  });
});

describe('input files', () => {
  it('names a missing file, a folder given as a file, and a path through a file, in sentences', async () => {
    const data = ['--data', path.join(dir, 'fresh')];
    const missing = path.join(dir, 'nope.json');
    expect((await cli('evaluate', missing, ...data)).err).toEqual([`Cannot read the case file ${missing}: there is no such file or folder.`]);
    expect((await cli('evaluate', dir, ...data)).err).toEqual([`Cannot read the case file ${dir}: it is a folder, not a file.`]);
    const through = path.join(keyFile, 'case.json');
    expect((await cli('letter', through, '--out', path.join(dir, 'l.pdf'))).err).toEqual([`Cannot read the case file ${through}: a part of the path is a file, not a folder.`]);
    const bundle = await cli('import-fhir', missing, ...data, '--key-file', keyFile);
    expect(bundle.err).toEqual([`Cannot read the Bundle ${missing}: there is no such file or folder.`]);
    const key = await cli('cases', 'list', ...data, '--key-file', missing);
    expect(key.err).toEqual([`Cannot read the key file ${missing}: there is no such file or folder.`]);
    for (const r of [bundle, key]) expect(r.err.join('\n')).not.toMatch(RAW_ERRNO);
  });

  it('reads JSON and key files that start with a byte order mark', async () => {
    const withBom = path.join(dir, 'case-bom.json');
    await fs.writeFile(withBom, BOM + (await fs.readFile(DEMO, 'utf8')));
    const evaluated = await cli('evaluate', withBom, '--data', path.join(dir, 'fresh'));
    expect(evaluated.err).toEqual([]);
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.out.join('\n')).codes[0].code).toBe('63650');
    // The letter command gets past reading too: the demo case simply has no signed revision yet.
    const letter = await cli('letter', withBom, '--out', path.join(dir, 'l.pdf'));
    expect(letter.err[0]).toMatch(/has no signed revision/);
    const keyWithBom = path.join(dir, 'pass-bom.txt');
    await fs.writeFile(keyWithBom, `${BOM}cli files passphrase\r\n`);
    expect(await cli('cases', 'list', '--data', path.join(dir, 'fresh'), '--key-file', keyWithBom)).toMatchObject({ code: 0 });
  });

  it('says what is wrong with a file that is not JSON', async () => {
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(bad, '{"id": "x", ');
    const r = await cli('evaluate', bad, '--data', path.join(dir, 'fresh'));
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(new RegExp(`^The case file ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: .+\\.$`));
  });

  it('words every common file error', () => {
    const e = (code: string) => Object.assign(new Error(`${code}: raw`), { code, path: '/x/y.json' });
    expect(describeFileError(e('EACCES'), 'read')).toBe('Cannot read /x/y.json: permission denied (this account may not read or write it).');
    expect(describeFileError(e('ENOSPC'), 'write')).toBe('Cannot write /x/y.json: the disk is full.');
    expect(describeFileError(e('EROFS'), 'write')).toBe('Cannot write /x/y.json: the disk is read-only.');
    expect(describeFileError(e('EWHATEVER'))).toBe('Cannot use /x/y.json: the system refused it (EWHATEVER).');
  });
});
