/**
 * The writer the crash test kills: saves marks, findings and new cases through the encrypted
 * store in a loop, printing "ack <kind> <id>" only after each save's promise resolved, i.e.
 * after the store said it was durable. Run: node --import tsx crash-child.ts <dataDir> <keyHex> <run>
 */
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';

async function main() {
  const [dataDir, keyHex, run] = process.argv.slice(2);
  if (!dataDir || !keyHex || !run) throw new Error('usage: crash-child <dataDir> <keyHex> <run>');
  const store = await openCaseStore(dataDir, { cipher: createFileCipher(Buffer.from(keyHex, 'hex')) });
  const base = await store.getCase('demo-scs-trial');
  const sha = base.documents[0]!.sha256;
  const ack = (kind: string, id: string) => process.stdout.write(`ack ${kind} ${id}\n`);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const now = new Date().toISOString();
    if (i % 7 === 3) {
      const id = `c-${run}-${i}`;
      await store.createCase({ ...base, id, marks: [], findings: {}, createdAt: now, updatedAt: now }, []);
      ack('case', id);
    } else if (i % 2 === 0) {
      const id = `m-${run}-${i}`;
      await store.updateCase('demo-scs-trial', (c) => {
        c.marks.push({ kind: 'text', docSha256: sha, page: 1, rects: [[0.1, 0.1, 0.3, 0.12]], quote: `quote ${id}`, prefix: '', suffix: '', id, criterionIds: [], note: '', createdAt: now, createdBy: 'crash test' });
      });
      ack('mark', id);
    } else {
      const id = `f-${run}-${i}`;
      await store.updateCase('demo-scs-trial', (c) => {
        c.findings[id] = { status: 'met', facts: { months: i }, note: '' };
      });
      ack('finding', id);
    }
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.name}: ${e.message}\n`);
  process.exit(1);
});
