/**
 * The record's text as main extracted it (text layer or OCR), unpacked for the viewer: page
 * texts for selection offsets, item boxes for placing highlights, find hits and the OCR layer.
 */
import type { CompactPage, DocumentTextPayload } from '../../shared/api/text-api';
import type { TextItem } from '../../shared/text/page-text';
import type { RectSource } from '../../shared/anchoring/text-rects';

export interface ViewerPage extends RectSource {
  page: number;
  text: string;
  width: number;
  height: number;
  viewBox?: number[];
  unreadable: boolean;
  items: TextItem[];
}

export function unpackPage(p: CompactPage): ViewerPage {
  return {
    page: p.page,
    text: p.text,
    source: p.source,
    width: p.width,
    height: p.height,
    ...(p.viewBox ? { viewBox: p.viewBox } : {}),
    unreadable: !!p.unreadable,
    items: p.items.map(([start, len, x, y, w, h]) => ({ str: p.text.slice(start, start + len), start, x, y, w, h })),
  };
}

export function unpackDocument(d: DocumentTextPayload): Map<number, ViewerPage> {
  return new Map(d.pages.map((p) => [p.page, unpackPage(p)]));
}
