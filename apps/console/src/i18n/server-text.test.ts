import { describe, expect, it } from 'vitest';
import { localizeServerText } from './server-text.js';

describe('server messages in the console’s language', () => {
  it('rewrites the messages it knows, keeping names and numbers', () => {
    expect(localizeServerText('is required', 'zh')).toBe('必填');
    expect(localizeServerText('must be between 1 and 65535', 'zh')).toBe('必须在 1 到 65535 之间');
    expect(
      localizeServerText(
        'dependency cycle a → b → a: no node of it could be deployed first; remove one of these dependsOn entries',
        'zh',
      ),
    ).toBe('依赖环 a → b → a：其中没有节点能先部署；请删除其中一个 dependsOn 条目');
    expect(
      localizeServerText(
        'must be lower-case letters, digits and hyphens, starting and ending with a letter or digit (e.g. "web", "db-1")',
        'zh-CN',
      ),
    ).toBe('只能包含小写字母、数字和连字符，并以字母或数字开头和结尾（例如 "web", "db-1"）');
    expect(localizeServerText('not allowed in a patch: replicas 1 → 3', 'zh')).toBe(
      '补丁版本中不允许：replicas 1 → 3',
    );
  });

  it('translates the frame of a summary; the messages it lists stay as written', () => {
    expect(
      localizeServerText(
        'The request has 1 problem: nodes[0].replicas must be a whole number',
        'zh',
      ),
    ).toBe('请求有 1 个问题：nodes[0].replicas must be a whole number');
  });

  it('leaves English, and messages it does not know, as the server wrote them', () => {
    expect(localizeServerText('is required', 'en')).toBe('is required');
    expect(localizeServerText('a brand-new message', 'zh')).toBe('a brand-new message');
  });
});
