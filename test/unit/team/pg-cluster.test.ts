/**
 * The throwaway server the team tests start: no PostgreSQL binaries is a failure with what to
 * install, never a skip (CI must not pass without having run the team-mode tests).
 */
import { describe, expect, it } from 'vitest';
import { findPgBin } from '../../support/pg-cluster';

describe('the team tests\' PostgreSQL server', () => {
  it('fails, saying what to install, when no server binaries are found', () => {
    expect(() => findPgBin(['/nonexistent/postgresql/bin'], 'no-such-pg_config')).toThrow(/No PostgreSQL server binaries .* apt-get install -y postgresql/);
  });

  it('finds Debian\'s PostgreSQL 15 here (.ci/run installs it when missing)', () => {
    expect(findPgBin()).toMatch(/postgresql\/\d+\/bin$|\/bin$/);
  });
});
