import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../../main/api/load-once';

describe('loadOnce', () => {
  it('loads once for every caller, and loads again after a failure', async () => {
    let calls = 0;
    let fail = true;
    const get = loadOnce(async () => {
      calls++;
      if (fail) throw new Error(`bad file ${calls}`);
      return { n: calls };
    });
    await expect(get()).rejects.toThrow('bad file 1');
    fail = false;
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toEqual({ n: 2 });
    expect(b).toBe(a);
    expect(await get()).toBe(a);
    expect(calls).toBe(2);
  });
});
