/**
 * The case's record text as main reads it: asks for every document's text when the case
 * opens (which starts extraction, then OCR of scanned pages in the background), polls the
 * reading status while anything is in progress, and fetches a document's text again whenever
 * its version moves (each OCR'd page), so new words become searchable and selectable.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentTextStatus } from '../../shared/api/text-api';
import type { OpenDocument } from '../../shared/api/contract';
import { call, messageOf } from '../api/client';
import { unpackDocument, type ViewerPage } from './page-text';
import { afterFirstPage } from './after-first-page';

export interface CaseText {
  pagesOf(sha256: string): Map<number, ViewerPage> | null;
  statusOf(sha256: string): DocumentTextStatus | undefined;
  /** Open errors of a document's text (encrypted, not a PDF …), as the reviewer should read them. */
  errorOf(sha256: string): string | undefined;
  startOcr(sha256: string): Promise<void>;
  cancelOcr(sha256: string): Promise<void>;
}

const busy = (s: DocumentTextStatus) => s.state === 'pending' || s.state === 'extracting' || s.ocr.state === 'queued' || s.ocr.state === 'running';

export function useCaseText(caseId: string, documents: readonly OpenDocument[] | undefined): CaseText {
  const [statuses, setStatuses] = useState<Map<string, DocumentTextStatus>>(new Map());
  const [texts, setTexts] = useState<Map<string, { version: number; pages: Map<number, ViewerPage> }>>(new Map());
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const fetching = useRef(new Map<string, number>());
  const [tick, setTick] = useState(0);
  const docKey = (documents ?? []).map((d) => d.sha256).join(',');

  const fetchText = useCallback(
    async (sha256: string, version: number) => {
      if (fetching.current.get(sha256) === version) return;
      fetching.current.set(sha256, version);
      try {
        const d = await call('text.document', { caseId, docSha256: sha256 });
        setTexts((prev) => new Map(prev).set(sha256, { version: d.version, pages: unpackDocument(d) }));
      } catch (e) {
        setErrors((prev) => new Map(prev).set(sha256, messageOf(e)));
      }
      setTick((t) => t + 1);
    },
    [caseId],
  );

  // Opening the case asks for every document: extraction (and OCR) start in main right away.
  useEffect(() => {
    let stale = false;
    void afterFirstPage().then(() => {
      if (!stale) for (const sha of docKey ? docKey.split(',') : []) void fetchText(sha, -1);
    });
    return () => {
      stale = true;
    };
  }, [docKey, fetchText]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { documents: list } = await call('text.status', { caseId });
        if (stopped) return;
        setStatuses(new Map(list.map((s) => [s.docSha256, s])));
        for (const s of list) {
          const have = texts.get(s.docSha256);
          if (s.state === 'ready' && (!have || have.version < s.version)) void fetchText(s.docSha256, s.version);
        }
        if (list.some(busy)) timer = setTimeout(() => void poll(), 700);
      } catch {
        // A locked session or a closed case: the next change of state polls again.
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [caseId, tick, texts, fetchText]);

  return {
    pagesOf: (sha) => texts.get(sha)?.pages ?? null,
    statusOf: (sha) => statuses.get(sha),
    errorOf: (sha) => errors.get(sha) ?? statuses.get(sha)?.error?.message,
    startOcr: async (sha) => {
      await call('text.startOcr', { caseId, docSha256: sha });
      setTick((t) => t + 1);
    },
    cancelOcr: async (sha) => {
      await call('text.cancelOcr', { caseId, docSha256: sha });
      setTick((t) => t + 1);
    },
  };
}
