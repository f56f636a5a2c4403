import { describe, expect, it } from 'vitest';
import { buildTree, pathName, subtreeIds, toTreeSelectData } from './tree';

const items = [
  { id: 'js', parentId: null, name: '江苏省' },
  { id: 'nj', parentId: 'js', name: '南京市' },
  { id: 'sz', parentId: 'js', name: '苏州市' },
  { id: 'xw', parentId: 'nj', name: '玄武区' },
  { id: 'sh', parentId: null, name: '上海市', archived: true },
  { id: 'orphan', parentId: 'gone', name: '孤儿' },
];

describe('tree helpers', () => {
  it('nests children under parents in the given order; leaves have no children key; orphans become roots', () => {
    const tree = buildTree(items);
    expect(tree.map((n) => n.id)).toEqual(['js', 'sh', 'orphan']);
    expect(tree[0].children?.map((n) => n.id)).toEqual(['nj', 'sz']);
    expect(tree[0].children?.[0].children?.map((n) => n.id)).toEqual(['xw']);
    expect('children' in tree[0].children![1]).toBe(false);
  });

  it('survives a loop in bad data', () => {
    const loop = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    const tree = buildTree(loop);
    const count = (nodes: any[]): number => nodes.reduce((n, x) => n + 1 + count(x.children ?? []), 0);
    expect(count(tree)).toBe(2);
  });

  it('finds a subtree (self and everything below)', () => {
    expect([...subtreeIds(items, 'js')].sort()).toEqual(['js', 'nj', 'sz', 'xw']);
    expect([...subtreeIds(items, 'xw')]).toEqual(['xw']);
  });

  it('builds TreeSelect data with archived and excluded nodes disabled', () => {
    const data = toTreeSelectData(items, { exclude: new Set(['sz']) });
    expect(data[0]).toMatchObject({ value: 'js', title: '江苏省' });
    expect(data[0].children?.[1]).toEqual({ value: 'sz', title: '苏州市', disabled: true });
    expect(data[1]).toEqual({ value: 'sh', title: '上海市', disabled: true });
  });

  it('names the path from the root', () => {
    expect(pathName(items, 'xw')).toBe('江苏省 / 南京市 / 玄武区');
    expect(pathName(items, null)).toBe('');
  });
});
