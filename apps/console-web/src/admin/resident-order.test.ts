import { describe, expect, it } from 'vitest';
import { sortedByName } from './resident-order';

describe('sortedByName', () => {
  const r = (fullName: string, id = fullName) => ({ id, fullName });

  it('orders Chinese names by pinyin, not by code point', () => {
    // 张 (zhang) > 李 (li) > 王 (wang)... by code point 张 U+5F20 comes before 李 U+674E and 王 U+738B.
    expect(sortedByName([r('张伟'), r('王秀英'), r('李明')], 'zh-CN').map((x) => x.fullName)).toEqual(['李明', '王秀英', '张伟']);
  });

  it('orders Latin names without regard to case, numbers by value, ties by id', () => {
    expect(sortedByName([r('bob'), r('Alice'), r('Room 10'), r('Room 9')], 'en').map((x) => x.fullName)).toEqual(['Alice', 'bob', 'Room 9', 'Room 10']);
    expect(sortedByName([r('Li', 'b'), r('Li', 'a')], 'en').map((x) => x.id)).toEqual(['a', 'b']);
  });
});
