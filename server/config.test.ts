import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('refuses to run in production without a secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cfg-')) })).toThrow(/APP_SECRET/);
  });

  it('refuses a short production secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: 'short' })).toThrow(/APP_SECRET/);
  });

  it('generates a development secret once per data directory and keeps it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.appSecret).toHaveLength(43);
    expect(second.appSecret).toBe(first.appSecret);
    expect(readFileSync(path.join(dir, '.app-secret'), 'utf8')).toBe(first.appSecret);
  });

  it('selects PostgreSQL from DATABASE_URL and SQLite otherwise', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    expect(loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(loadConfig({ DATA_DIR: dir }).database).toEqual({ kind: 'sqlite', file: path.join(dir, 'aftersales.db') });
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
