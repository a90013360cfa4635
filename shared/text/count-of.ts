/** A count in words, singular and plural right: "1 mark", "2 marks", "1 criterion", "3 criteria". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
